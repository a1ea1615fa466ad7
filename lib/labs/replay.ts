import "server-only";
import { decodeJwtCookie, revokeJwt } from "@/lib/token/jwt";
import { keepViewerSignedIn, type LabContext } from "@/lib/labs/context";
import { disposeLabDevice, mintLabDevice } from "@/lib/labs/device";
import { capture, probe, probeBearerLogout, probeIdentity, probeRefresh } from "@/lib/labs/probe";
import { deviceRows, type LabResult } from "@/lib/labs/types";

/**
 * Replay: a lab device signs in everywhere, its credentials are captured (as malware or a proxy log would),
 * the device signs out properly in each area, and the captured copies are replayed against our endpoints.
 */
export async function runReplayLab(lab: LabContext): Promise<LabResult> {
  const { base } = lab;
  const device = await mintLabDevice(lab.user, { ...lab, lab: "replay" });
  const captured = capture(device);
  const before = await probeIdentity(base, captured);

  // Sign out the way each area does it.
  const signOut = await probe(base, "/api/session/logout", captured.session, {
    method: "POST",
    body: { scope: "this" },
  });
  let versionAfter: number | null = null;
  for (const cookie of [device.jwt, device.jwtRevocation]) {
    const claims = await decodeJwtCookie({ ...cookie, chunks: [cookie] });
    if (!claims) continue;
    const ended = await revokeJwt(claims, { ip: lab.client.ip, userAgent: "lab device (replay)" });
    versionAfter = ended.tokenVersion ?? versionAfter;
  }
  const bearerOut = await probeBearerLogout(base, captured);

  const after = { ...(await probeIdentity(base, captured)), refresh: await probeRefresh(base, captured) };
  const kept = await keepViewerSignedIn(lab, versionAfter);
  await disposeLabDevice(device);

  return {
    lab: "replay",
    ranAt: new Date().toISOString(),
    steps: [
      "A lab device signed in to every area and its credentials were captured.",
      `It signed out: session logout → ${signOut.status}; next-auth sign-out (cookie cleared, version bumped only in revocation mode); bearer logout → ${bearerOut.status}.`,
      "The captured copies were replayed against our endpoints.",
    ],
    rows: deviceRows(before, after, {
      session: "The row was deleted: the copy is refused at once.",
      jwt: "Nothing on the server knows it was signed out: the copy works until it expires.",
      jwtChecked: "Sign-out bumped the token version; the per-request check refuses the copy.",
      bearer: "A signature check only: valid until its short expiry.",
      refresh: "Its family was revoked at logout: no new access tokens.",
    }),
    notes: kept
      ? ["Bumping the token version ended every revocation-mode JWT of your account; this browser's was re-issued."]
      : [],
  };
}
