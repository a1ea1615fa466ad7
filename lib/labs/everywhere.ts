import "server-only";
import { endLabEverywhere } from "@/lib/strategy/credential-policy";
import { identitySummary, type LabContext } from "@/lib/labs/context";
import { disposeLabDevice, LabIdentityGone, mintLabDevice } from "@/lib/labs/device";
import { capture, cookieOf, probe, probeIdentity, probeRefresh } from "@/lib/labs/probe";
import { deviceRows } from "@/lib/labs/rows";
import { labResult, row, type LabResult } from "@/lib/labs/types";

export const EVERYWHERE_TITLE = "Sign out everywhere";

/**
 * Sign out everywhere, on the lab identity: two of its devices sign in to every area; the first ("this device")
 * signs out everywhere else — every other session row deleted, the token version bumped, every refresh family
 * revoked — and the second device's credentials are tried again at once. Your own account, its sessions and this
 * browser are never touched: the real "sign out everywhere" is on /session and in settings.
 */
export async function runEverywhereLab(lab: LabContext): Promise<LabResult> {
  const { base } = lab;
  const ranAt = new Date().toISOString();
  lab.progress({ type: "step", message: "Signing two devices of the lab identity in to every area…" });
  const mine = await mintLabDevice(lab, "sign out everywhere: this device");
  const other = await mintLabDevice(lab, "sign out everywhere: another device");
  try {
    const captured = capture(other);
    const before = await probeIdentity(base, captured);
    const mineBefore = await probe(base, "/api/session/me", cookieOf(mine.session));

    lab.progress({ type: "step", message: "“This device” signs out everywhere else…" });
    const ended = await endLabEverywhere(lab.viewer, lab.identity.id, { except: mine.session.id, client: lab.client });
    if (!ended) throw new LabIdentityGone();
    const { sessionsEnded, tokens } = ended;

    lab.progress({ type: "step", message: "The other device tries again…" });
    const after = { ...(await probeIdentity(base, captured)), refresh: await probeRefresh(base, captured) };
    const mineAfter = await probe(base, "/api/session/me", cookieOf(mine.session));
    const mineRefresh = await probeRefresh(base, capture(mine));
    const event = "after another device signed out everywhere";
    return labResult({
      lab: "everywhere",
      title: EVERYWHERE_TITLE,
      ranAt,
      identity: identitySummary(lab.identity),
      steps: [
        `Two devices of the lab identity (${lab.identity.email}) signed in to every area; each credential worked.`,
        `“This device” signed out everywhere else: ${sessionsEnded} session${sessionsEnded === 1 ? "" : "s"} ended, token version now ${tokens?.tokenVersion ?? "?"}, ${tokens?.refreshTokensRevoked ?? 0} refresh token${tokens?.refreshTokensRevoked === 1 ? "" : "s"} revoked.`,
        "The other device tried again straight away.",
      ],
      rows: [
        ...deviceRows(before, after, event, {
          session: "Its row is gone: signed out on the next request, on every instance.",
          jwt: "Not checked against anything: still signed in until it expires.",
          jwtChecked: "Its token version is stale now: refused.",
          bearer: "Still valid until its short expiry; it cannot be renewed.",
          refresh: "Family revoked: refused.",
        }),
        row({
          key: "this-session",
          area: "session",
          label: "This device's session",
          event: "after it signed out everywhere else",
          before: mineBefore,
          after: mineAfter,
          judge: {
            accepted: ["neutral", "Kept, as it should be: the device that signed the others out stays signed in."],
            refused: ["neutral", "Signed out too: the device that asked should have been kept."],
          },
          note: "“Everywhere else” spares the session that asked: its row is the one not deleted.",
        }),
        row({
          key: "this-bearer-refresh",
          area: "bearer",
          label: "This device's bearer refresh token",
          event: "after it signed out everywhere else",
          after: mineRefresh,
          judge: {
            accepted: ["neutral", "Kept: this device's refresh family was spared."],
            refused: [
              "neutral",
              "Ended too: sign out everywhere revokes every refresh family of the account, this device's included.",
            ],
          },
          note: "The bearer flow has no notion of “this browser” on the server: a bearer client signs in again.",
        }),
      ],
      notes: [
        "All of this happened to the lab identity. Your own sessions, JWT and bearer tokens were not touched: your real “sign out everywhere” is on the session page and in settings.",
      ],
    });
  } finally {
    await disposeLabDevice(other);
    await disposeLabDevice(mine);
  }
}
