import "server-only";
import { renameLabIdentity } from "@/lib/accounts/lab-identities";
import { nameSchema } from "@/lib/accounts/users";
import { reissueLabJwt } from "@/lib/strategy/credential-policy";
import { fieldErrors } from "@/lib/security/json";
import type { FieldErrors } from "@/lib/security/http";
import { env } from "@/lib/server/env";
import { identitySummary, type LabContext } from "@/lib/labs/context";
import { disposeLabDevice, LabIdentityGone, mintLabDevice } from "@/lib/labs/device";
import { bearerOf, cookieOf, probe } from "@/lib/labs/probe";
import { labResult, row, type Judgement, type LabResult } from "@/lib/labs/types";
import { formatSeconds } from "@/lib/labs/words";

export const STALE_CLAIMS_TITLE = "Stale claims";

/** Checked before anything is written: a refused name makes no lab identity and mints nothing. */
export function checkLabName(newName: unknown): { ok: true } | { ok: false; fields: FieldErrors } {
  const valid = nameSchema.safeParse({ name: newName });
  return valid.success ? { ok: true } : { ok: false, fields: fieldErrors(valid.error) };
}

/**
 * Stale claims: a device of the lab identity signs in everywhere, the lab identity's display name changes, and
 * each area is asked who it is. The session reads the row; the JWTs answer from their claims until a new one is
 * issued. Your own name is never touched.
 */
export async function runStaleClaimsLab(
  lab: LabContext,
  newName: unknown,
): Promise<{ ok: true; result: LabResult } | { ok: false; fields: FieldErrors }> {
  const { base } = lab;
  const ranAt = new Date().toISOString();
  const device = await mintLabDevice(lab, "stale claims");
  try {
    const session = cookieOf(device.session);
    const jwt = cookieOf(device.jwt);
    const access = bearerOf(device.bearer.accessToken);
    const before = {
      session: await probe(base, "/api/session/me", session),
      jwt: await probe(base, "/api/token/me", jwt),
      bearer: await probe(base, "/api/bearer/me", access),
    };
    lab.progress({ type: "step", message: "Renaming the lab identity…" });
    const changed = await renameLabIdentity(lab.identity.id, lab.viewer.userId, newName, lab.client);
    if (!changed.ok) return { ok: false, fields: changed.fields };
    const after = {
      session: await probe(base, "/api/session/me", session),
      jwt: await probe(base, "/api/token/me", jwt),
      bearer: await probe(base, "/api/bearer/me", access),
    };
    const fresh = await reissueLabJwt(lab.viewer, lab.identity.id, device.jwt.name);
    if (!fresh) throw new LabIdentityGone();
    const reissued = await probe(base, "/api/token/me", cookieOf({ name: device.jwt.name, value: fresh }));
    const event = `after the display name changed to “${changed.name}”`;
    // Judged by the name it answers with: the new one is fresh (safe), the old one stale for a bounded time.
    const judged = (probed: typeof after.session, staleWords: string): Judgement => ({
      accepted:
        probed.name === changed.name ? ["safe", "Fresh: it answers with the new name."] : ["limited", staleWords],
      refused: ["neutral", "Refused: it could not be asked."],
    });
    return {
      ok: true,
      result: labResult({
        lab: "stale-claims",
        title: STALE_CLAIMS_TITLE,
        ranAt,
        identity: { ...identitySummary(lab.identity), name: changed.name },
        steps: [
          `The lab identity's display name changed from “${changed.previous}” to “${changed.name}”.`,
          "Each area was asked who it is, with the credentials issued before the change.",
          "Then a new JWT was issued and asked again.",
        ],
        rows: [
          row({
            key: "session",
            area: "session",
            label: "Session cookie",
            event,
            before: before.session,
            after: after.session,
            judge: judged(after.session, "Stale: it still answers with the old name."),
            note: "Reads the users row on every request: the new name at once.",
          }),
          row({
            key: "jwt",
            area: "token",
            label: "next-auth JWT",
            event,
            before: before.jwt,
            after: after.jwt,
            judge: judged(
              after.jwt,
              `Stale: it answers with the old name until it is re-issued (up to ${formatSeconds(env().TOKEN_MAX_AGE)}) — and so would a role or a permission carried as a claim.`,
            ),
            note: "The name is a claim inside the token: the old one until it is re-issued.",
          }),
          row({
            key: "bearer-access",
            area: "bearer",
            label: "Bearer access token",
            event,
            before: before.bearer,
            after: after.bearer,
            judge: judged(
              after.bearer,
              `Stale: it answers with the old name until the next refresh (at most ${formatSeconds(env().BEARER_ACCESS_TTL)}).`,
            ),
            note: "Signed claims: the old name until the next refresh.",
          }),
          row({
            key: "jwt-reissued",
            area: "token",
            label: "next-auth JWT, re-issued",
            event: "issued after the change",
            after: reissued,
            judge: judged(reissued, "Stale: even a new token carries the old name."),
            note: "A new token reads the account again: the new name.",
          }),
        ],
        notes: ["Only the lab identity was renamed: your own display name is what it was."],
      }),
    };
  } finally {
    await disposeLabDevice(device);
  }
}
