import "server-only";
import { performance } from "node:perf_hooks";
import { decodeJwt } from "jose";
import { env } from "@/lib/server/env";
import { keyRings, type KeyRings } from "@/lib/labs/key-rings";
import type { Risk } from "@/lib/labs/risk";
import { identitySummary, type LabContext } from "@/lib/labs/context";
import { disposeLabDevice, mintLabDevice } from "@/lib/labs/device";
import { capture, probe, probeBearerLogout, probeRefresh, type Probe } from "@/lib/labs/probe";
import { labResult, row, shouldHaveEnded, type LabResult } from "@/lib/labs/types";
import { formatSeconds } from "@/lib/labs/words";

export const VERIFIER_TITLE = "Another service verifies your token with our public key alone";

/**
 * "Another service verified your token with our public key alone": a lab device signs in, its bearer access token
 * goes to the separate verifier (services/verifier, VERIFIER_URL), which holds nothing but our JWKS URL — no
 * database, no shared secret. Then the device signs out (its refresh family is revoked) and both ask again: the
 * refresh is refused at once, but the access token still verifies — at the verifier, which cannot know, and at our
 * own API, which does not look — until its `exp`. Shown next to it: what each key ring holds and when an older key
 * may go (keyRings()). It runs on the lab identity: your own sign-in is never touched.
 */

/** How long the verifier may take to answer (it may be fetching our key set first). */
const VERIFIER_TIMEOUT_MS = 5_000;

export type VerifierAnswer = {
  probe: Probe;
  /** The header it verified (kid: which of our keys), when it did. */
  header: { alg: string; kid: string } | null;
  /** What the verifier holds: our key set's URL, the kids it fetched, how often it fetched. */
  keySet: { url: string; kids: (string | null)[]; fetches: number; fetchedAt: string | null } | null;
};

export type VerifierLabResult = LabResult & {
  lab: "verifier";
  verifier: { configured: false } | { configured: true; url: string; reachable: boolean };
  /** When the lab device's access token stops verifying anywhere (its exp). */
  accessTokenExpiresAt: string;
  answers: { before: VerifierAnswer | null; after: VerifierAnswer | null };
  keys: KeyRings;
};

/** GET <VERIFIER_URL>/whoami with the token, as any client of that service would send it. Never throws. */
export async function askVerifier(verifierUrl: string, token: string): Promise<VerifierAnswer> {
  const url = new URL("/whoami", verifierUrl);
  const request = `GET ${url.href}`;
  const at = new Date().toISOString();
  const started = performance.now();
  const ms = () => Math.round((performance.now() - started) * 100) / 100;
  try {
    const response = await fetch(url, {
      headers: { authorization: `Bearer ${token}`, accept: "application/json" },
      redirect: "manual",
      cache: "no-store",
      signal: AbortSignal.timeout(VERIFIER_TIMEOUT_MS),
    });
    const body = (await response.json().catch(() => ({}))) as {
      user?: { name?: unknown };
      header?: { alg?: unknown; kid?: unknown };
      error?: unknown;
      verifier?: { keySet?: VerifierAnswer["keySet"]; databaseQueries?: unknown };
    };
    const verified = response.status === 200;
    return {
      probe: {
        request,
        at,
        ms: ms(),
        status: response.status,
        name: typeof body.user?.name === "string" ? body.user.name : null,
        // The verifier has no database client at all: its count is 0 by construction, and it says so.
        queries: typeof body.verifier?.databaseQueries === "number" ? body.verifier.databaseQueries : null,
        error: typeof body.error === "string" ? body.error : null,
        allowOrigin: response.headers.get("access-control-allow-origin"),
      },
      header:
        verified && typeof body.header?.alg === "string" && typeof body.header.kid === "string"
          ? { alg: body.header.alg, kid: body.header.kid }
          : null,
      keySet: body.verifier?.keySet ?? null,
    };
  } catch {
    return {
      probe: {
        request,
        at,
        ms: ms(),
        status: 503,
        name: null,
        queries: null,
        error: `The verifier could not be reached at ${verifierUrl} within ${VERIFIER_TIMEOUT_MS / 1000} s.`,
        allowOrigin: null,
      },
      header: null,
      keySet: null,
    };
  }
}

export async function runVerifierLab(lab: LabContext): Promise<VerifierLabResult> {
  const { base } = lab;
  const ranAt = new Date().toISOString();
  const verifierUrl = env().VERIFIER_URL ?? null;
  lab.progress({ type: "step", message: "Signing a device of the lab identity in to the bearer API…" });
  const device = await mintLabDevice(lab, "verifier");
  try {
    const captured = capture(device);
    const token = device.bearer.accessToken;
    const apiBefore = await probe(base, "/api/bearer/me", captured.access);
    lab.progress({ type: "step", message: verifierUrl ? "Asking the verifier…" : "No verifier is configured." });
    const before = verifierUrl ? await askVerifier(verifierUrl, token) : null;

    lab.progress({
      type: "step",
      message: "The device signs out (its refresh family is revoked), then both ask again…",
    });
    const signOut = await probeBearerLogout(base, captured);
    const refresh = await probeRefresh(base, captured);
    const apiAfter = await probe(base, "/api/bearer/me", captured.access);
    const after = verifierUrl ? await askVerifier(verifierUrl, token) : null;

    // Read, not verified (both services just verified it): only to say until when it keeps working.
    const expiresAt = new Date((decodeJwt(token).exp ?? 0) * 1000).toISOString();
    const event = "after the device signed out";
    // In words, not as a timestamp: the page shows the exp itself in its one date-time format.
    const left = formatSeconds(Math.max(0, Math.round((Date.parse(expiresAt) - Date.now()) / 1000)));
    const untilExp: [Risk, string] = ["limited", `Still accepted until its exp, ${left} from now: minutes, not days.`];
    const rows = [
      row({
        key: "bearer-api",
        area: "bearer",
        label: "Our API (/api/bearer/me)",
        event,
        before: apiBefore,
        after: apiAfter,
        judge: shouldHaveEnded(untilExp),
        note: "Signature and claims only: it does not look at the refresh family either, so the token works until exp.",
      }),
      ...(before && after
        ? [
            row({
              key: "verifier",
              area: "bearer",
              label: "Another service (the verifier), public key only",
              event,
              before: before.probe,
              after: after.probe,
              judge: {
                accepted: untilExp,
                refused: [
                  "neutral",
                  `The verifier did not verify it: ${after.probe.error ?? `HTTP ${after.probe.status}`}.`,
                ],
              },
              note:
                after.probe.status === 200
                  ? "Verified with our published key alone (0 queries, no shared secret). It cannot know the family was revoked: the token verifies there until exp."
                  : `Refused: ${after.probe.error ?? `HTTP ${after.probe.status}`}.`,
            }),
          ]
        : []),
      row({
        key: "bearer-refresh",
        area: "bearer",
        label: "Refresh token",
        event,
        after: refresh,
        judge: shouldHaveEnded(["exposed", "The refresh token still works: it would mint new access tokens."]),
        note: "Its family was revoked at sign-out: no new access token.",
      }),
    ];
    const reachable = before !== null && before.probe.error === null;
    const result = labResult({
      lab: "verifier",
      title: VERIFIER_TITLE,
      ranAt,
      identity: identitySummary(lab.identity),
      steps: [
        "A device of the lab identity signed in and got a bearer access token signed with our current key (kid in its header).",
        verifierUrl
          ? `The token went to the verifier at ${verifierUrl}, which holds only our JWKS URL: no database, no secret.`
          : "No verifier is configured (VERIFIER_URL), so only our own API was asked.",
        `The device signed out: bearer logout → ${signOut.status}, which revokes its refresh family.`,
        "The same access token was asked about again, and its refresh token was tried.",
      ],
      rows,
      notes: [
        ...(verifierUrl
          ? []
          : [
              "Set VERIFIER_URL to where services/verifier answers (`npm run verifier` locally; its own Vercel project in production: docs/deploy-vercel.md) to see another service verify the token.",
            ]),
        `A public key can only check a signature: revocation lives in our database, so an access token stays valid everywhere until its exp (${formatSeconds(device.bearer.accessTtl)} after it was issued); that is why it lives minutes, not days.`,
      ],
    });
    return {
      ...result,
      lab: "verifier",
      verifier: verifierUrl ? { configured: true, url: verifierUrl, reachable } : { configured: false },
      accessTokenExpiresAt: expiresAt,
      answers: { before, after },
      keys: keyRings(),
    };
  } finally {
    await disposeLabDevice(device);
  }
}
