import "server-only";
import { endEverywhere } from "@/lib/strategy/credential-policy";
import { keepViewerSignedIn, type LabContext } from "@/lib/labs/context";
import { disposeLabDevice, mintLabDevice } from "@/lib/labs/device";
import { capture, probeIdentity, probeRefresh } from "@/lib/labs/probe";
import { deviceRows, type LabResult } from "@/lib/labs/types";

/**
 * Sign out everywhere: a second device (plus any other browser you are signed in on) is signed out from here —
 * every session row but this browser's deleted, the token version bumped, every refresh-token family revoked —
 * and the second device's credentials are tried again at once.
 */
export async function runEverywhereLab(lab: LabContext): Promise<LabResult> {
  const { base } = lab;
  const device = await mintLabDevice(lab.user, { ...lab, lab: "sign out everywhere" });
  const captured = capture(device);
  const before = await probeIdentity(base, captured);

  const keep = lab.current.strategy === "session" ? lab.current.session.session.id : undefined;
  const { sessionsEnded, tokens } = await endEverywhere(lab.user.id, {
    except: keep,
    reason: "Signed out everywhere else (the /compare lab)",
    client: lab.client,
  });

  const after = { ...(await probeIdentity(base, captured)), refresh: await probeRefresh(base, captured) };
  const kept = await keepViewerSignedIn(lab, tokens?.tokenVersion);
  await disposeLabDevice(device);

  return {
    lab: "everywhere",
    ranAt: new Date().toISOString(),
    steps: [
      "A second device signed in to every area; each credential worked.",
      `Sign out everywhere (except this browser): ${sessionsEnded} session${sessionsEnded === 1 ? "" : "s"} ended, token version now ${tokens?.tokenVersion ?? "?"}, ${tokens?.refreshTokensRevoked ?? 0} refresh token${tokens?.refreshTokensRevoked === 1 ? "" : "s"} revoked.`,
      "The second device tried again straight away.",
    ],
    rows: deviceRows(before, after, {
      session: "Every other row is gone: signed out on the next request, on every instance.",
      jwt: "Not checked against anything: still signed in until it expires.",
      jwtChecked: "Its token version is stale now: refused.",
      bearer: "Still valid until its short expiry; it cannot be renewed.",
      refresh: "Family revoked: refused.",
    }),
    notes: [
      `Every other browser signed in to the session area is signed out too (${sessionsEnded} in all); JWT browsers in the default mode stay signed in.`,
      ...(kept ? ["This browser's revocation-mode JWT was re-issued so you stay signed in here."] : []),
    ],
  };
}
