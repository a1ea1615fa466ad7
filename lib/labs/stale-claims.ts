import "server-only";
import { changeName } from "@/lib/accounts/profile";
import { encodeLabJwt } from "@/lib/strategy/credential-policy";
import { fieldErrors } from "@/lib/security/json";
import { findUser, nameSchema } from "@/lib/accounts/users";
import type { FieldErrors } from "@/lib/security/http";
import type { LabContext } from "@/lib/labs/context";
import { disposeLabDevice, mintLabDevice } from "@/lib/labs/device";
import { bearerOf, cookieOf, probe } from "@/lib/labs/probe";
import { row, type LabResult } from "@/lib/labs/types";

/**
 * Stale claims: a lab device signs in everywhere, your display name changes, and each area is asked who you
 * are. The session reads the row; the JWTs answer from their claims until a new one is issued.
 */
export async function runStaleClaimsLab(
  lab: LabContext,
  newName: unknown,
): Promise<{ ok: true; result: LabResult } | { ok: false; fields: FieldErrors }> {
  const { base } = lab;
  // A refused request writes nothing: the name is checked before a device (rows, log lines) is minted.
  const valid = nameSchema.safeParse({ name: newName });
  if (!valid.success) return { ok: false, fields: fieldErrors(valid.error) };
  const device = await mintLabDevice(lab.user, { ...lab, lab: "stale claims" });
  try {
    const session = cookieOf(device.session);
    const jwt = cookieOf(device.jwt);
    const access = bearerOf(device.bearer.accessToken);
    const before = {
      session: await probe(base, "/api/session/me", session),
      jwt: await probe(base, "/api/token/me", jwt),
      bearer: await probe(base, "/api/bearer/me", access),
    };
    const changed = await changeName(lab.user.id, newName, lab.client);
    if (!changed.ok) return { ok: false, fields: changed.fields };
    const after = {
      session: await probe(base, "/api/session/me", session),
      jwt: await probe(base, "/api/token/me", jwt),
      bearer: await probe(base, "/api/bearer/me", access),
    };
    const fresh = await findUser(lab.user.id);
    const reissued = fresh
      ? await probe(
          base,
          "/api/token/me",
          cookieOf({
            name: device.jwt.name,
            value: await encodeLabJwt(fresh, device.jwt.name, lab.current),
          }),
        )
      : after.jwt;
    return {
      ok: true,
      result: {
        lab: "stale-claims",
        ranAt: new Date().toISOString(),
        steps: [
          `Your display name changed from “${changed.previous}” to “${changed.name}”.`,
          "Each area was asked who you are, with the credentials issued before the change.",
          "Then a new JWT was issued and asked again.",
        ],
        rows: [
          row(
            "session",
            "session",
            "Session cookie",
            after.session,
            "Reads the users row on every request: the new name at once.",
            before.session,
          ),
          row(
            "jwt",
            "token",
            "next-auth JWT",
            after.jwt,
            "The name is a claim inside the token: the old one until it is re-issued.",
            before.jwt,
          ),
          row(
            "bearer-access",
            "bearer",
            "Bearer access token",
            after.bearer,
            "Signed claims: the old name until the next refresh.",
            before.bearer,
          ),
          row(
            "jwt-reissued",
            "token",
            "next-auth JWT, re-issued",
            reissued,
            "A new token reads the account again: the new name.",
          ),
        ],
        notes:
          lab.current.strategy === "token"
            ? [
                "Your own JWT still carries the old name too — look at the header. Settings re-issues it when you rename there.",
              ]
            : [],
      },
    };
  } finally {
    await disposeLabDevice(device);
  }
}
