import "server-only";
import { db } from "@/lib/server/db";
import { performance } from "node:perf_hooks";
import { withQueryCount } from "@/lib/server/query-count";
import { resolveSession } from "@/lib/session";
import { verifyWithJose } from "@/lib/token/bearer";
import { decode } from "next-auth/jwt";
import { env } from "@/lib/server/env";
import { checkJwt, parseTokenClaims } from "@/lib/token/jwt";
import type { LabContext } from "@/lib/labs/context";
import { disposeLabDevice, mintLabDevice } from "@/lib/labs/device";
import { summarise } from "@/lib/labs/stats";

/**
 * Cost per request: the check each area runs on every request, measured in this server process over many
 * iterations — session: unseal + one primary-key lookup; next-auth: decrypt + claim checks (+ one read in
 * revocation mode); bearer: HMAC signature verify. Checks run one at a time, so nothing is batched. Reports
 * p50/p99 in µs, the process's CPU time per check, database queries per check (counted, not assumed) and the
 * bytes the credential adds to every request. The CPU figure is the whole process's: thread-pool crypto counts,
 * and so does any other request served meanwhile.
 */

export const DEFAULT_ITERATIONS = 2000;
export const MIN_ITERATIONS = 100;
export const MAX_ITERATIONS = 5000;
const WARM_UP = 50;

export type CostRow = {
  key: "session" | "jwt" | "jwt-revocation" | "bearer";
  label: string;
  check: string;
  p50: number;
  p99: number;
  mean: number;
  /** The process's CPU time (µs) per check over the measured iterations: work done, not time spent waiting. */
  cpu: number;
  queries: number;
  bytes: number;
  ok: boolean;
};

export type CostResult = { lab: "cost"; ranAt: string; iterations: number; database: string; rows: CostRow[] };

async function measure(iterations: number, fn: () => Promise<unknown>) {
  for (let i = 0; i < WARM_UP; i++) await fn();
  const { result: first, queries } = await withQueryCount(fn);
  const samples: number[] = [];
  const cpuBefore = process.cpuUsage();
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    await fn();
    samples.push((performance.now() - start) * 1000);
  }
  const cpuUsed = process.cpuUsage(cpuBefore);
  const s = summarise(samples);
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    p50: round(s.p50),
    p99: round(s.p99),
    mean: round(s.mean),
    cpu: round((cpuUsed.user + cpuUsed.system) / iterations),
    queries,
    ok: Boolean(first),
  };
}

/**
 * The next-auth check with the decryption done every time (next-auth's own `decode`, then our claim checks), so
 * the number is the cost of the JWE itself, not of a process-local cache of earlier decryptions.
 */
async function jwtCheck(cookie: { name: string; value: string }) {
  const claims = parseTokenClaims(await decode({ token: cookie.value, secret: env().AUTH_SECRET, salt: cookie.name }));
  if (!claims) return null;
  const check = await checkJwt(claims);
  return check.ok ? claims : null;
}

export async function runCostLab(lab: LabContext, iterations: number): Promise<CostResult> {
  const database = (await db()).kind;
  const device = await mintLabDevice(lab.user, { ...lab, lab: "cost per request" });
  try {
    const sessionCheck = async () => {
      const read = await resolveSession(device.ctx);
      return read.status === "signed-in" ? read : null;
    };
    const bytes = (c: { name: string; value: string }) => Buffer.byteLength(`${c.name}=${c.value}`);
    const session = await measure(iterations, sessionCheck);
    const jwt = await measure(iterations, () => jwtCheck(device.jwt));
    const jwtChecked = await measure(iterations, () => jwtCheck(device.jwtRevocation));
    // The full verification every time, like the JWT rows: the cost of the signature check itself, not of
    // the process's cache of tokens it verified before (lib/token/bearer/internal/verify-cache.ts).
    const bearer = await measure(iterations, () => verifyWithJose(device.bearer.accessToken));
    return {
      lab: "cost",
      ranAt: new Date().toISOString(),
      iterations,
      database,
      rows: [
        {
          key: "session",
          label: "Session",
          check: "unseal + primary-key lookup",
          ...session,
          bytes: bytes(device.session),
        },
        { key: "jwt", label: "next-auth JWT", check: "decrypt (JWE) + claim checks", ...jwt, bytes: bytes(device.jwt) },
        {
          key: "jwt-revocation",
          label: "JWT, revocation mode",
          check: "decrypt + token-version read",
          ...jwtChecked,
          bytes: bytes(device.jwtRevocation),
        },
        {
          key: "bearer",
          label: "Bearer access token",
          check: "HS256 signature verify",
          ...bearer,
          bytes: Buffer.byteLength(`Authorization: Bearer ${device.bearer.accessToken}`),
        },
      ],
    };
  } finally {
    await disposeLabDevice(device);
  }
}
