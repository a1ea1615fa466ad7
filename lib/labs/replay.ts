import "server-only";
import { decodeJwtCookie, revokeJwt } from "@/lib/token/jwt";
import { identitySummary, type LabContext } from "@/lib/labs/context";
import { disposeLabDevice, mintLabDevice } from "@/lib/labs/device";
import { capture, probe, probeBearerLogout, probeIdentity, probeRefresh } from "@/lib/labs/probe";
import { deviceRows } from "@/lib/labs/rows";
import { labResult, type LabResult } from "@/lib/labs/types";

export const REPLAY_TITLE = "Replay a captured credential after sign-out";

/**
 * Replay: a device of the lab identity signs in everywhere, its credentials are captured (as malware or a proxy log
 * would), the device signs out properly in each area, and the captured copies are replayed against our endpoints.
 */
export async function runReplayLab(lab: LabContext): Promise<LabResult> {
  const { base } = lab;
  const ranAt = new Date().toISOString();
  lab.progress({ type: "step", message: "Signing a device of the lab identity in to every area…" });
  const device = await mintLabDevice(lab, "replay");
  try {
    const captured = capture(device);
    const before = await probeIdentity(base, captured);

    lab.progress({ type: "step", message: "The device signs out in each area…" });
    const signOut = await probe(base, "/api/session/logout", captured.session, {
      method: "POST",
      body: { scope: "this" },
    });
    for (const cookie of [device.jwt, device.jwtRevocation]) {
      const claims = await decodeJwtCookie({ ...cookie, chunks: [cookie] });
      if (claims) await revokeJwt(claims, { ip: lab.client.ip, userAgent: "lab device (replay)" });
    }
    const bearerOut = await probeBearerLogout(base, captured);

    lab.progress({ type: "step", message: "Replaying the captured copies…" });
    const after = { ...(await probeIdentity(base, captured)), refresh: await probeRefresh(base, captured) };
    const event = "after the device signed out";
    return labResult({
      lab: "replay",
      title: REPLAY_TITLE,
      ranAt,
      identity: identitySummary(lab.identity),
      steps: [
        `A device of the lab identity (${lab.identity.email}) signed in to every area; its credentials were captured.`,
        `It signed out: session logout → ${signOut.status}; next-auth sign-out (cookie cleared, version bumped only in revocation mode); bearer logout → ${bearerOut.status}.`,
        "The captured copies were replayed against our endpoints.",
      ],
      rows: deviceRows(before, after, event, {
        session: "The row was deleted: the copy is refused at once.",
        jwt: "Nothing on the server knows it was signed out: the copy works until it expires.",
        jwtChecked: "Sign-out bumped the token version; the per-request check refuses the copy.",
        bearer: "A signature check only: valid until its short expiry.",
        refresh: "Its family was revoked at logout: no new access tokens.",
      }),
      notes: [],
    });
  } finally {
    await disposeLabDevice(device);
  }
}
