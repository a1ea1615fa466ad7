import "server-only";
import { decodeProtectedHeader } from "jose";
import { performance } from "node:perf_hooks";
import { decode } from "next-auth/jwt";
import { db } from "@/lib/server/db";
import { env } from "@/lib/server/env";
import { withQueryStats } from "@/lib/server/query-count";
import { resolveSession } from "@/lib/session";
import { verifyWithJose } from "@/lib/token/bearer";
import { checkJwt, jwtSecrets, parseTokenClaims } from "@/lib/token/jwt";
import { identitySummary, type LabContext } from "@/lib/labs/context";
import { cookieStoreOf, ironSessionPeer, joseVerifyPeer, nextAuthPeer } from "@/lib/labs/library-defaults";
import { disposeLabDevice, mintLabDevice } from "@/lib/labs/device";
import { networkedReference, type NetworkedReference } from "@/lib/labs/networked";
import { summarise } from "@/lib/labs/stats";
import type { LabIdentitySummary } from "@/lib/labs/types";

/**
 * Cost per request: the check each area runs on every request, measured in this server process over many
 * iterations, one at a time (so nothing is batched) — session: unseal + one primary-key lookup; next-auth: decrypt
 * + claim checks (+ one read in revocation mode); bearer: signature verify. Reports p50/p99 in µs, the time of each
 * check spent waiting for the database (its own column: on Postgres a network round trip, on PGlite a query run
 * inside this process), the process's CPU time per check, the queries counted and the bytes the credential adds to
 * every request — and names the database it measured.
 *
 * On PGlite there is no network hop, which makes the session check look cheaper than it is on any real deployment.
 * The result says so first, and carries the networked figures from the committed benchmark results
 * (bench/latest.json, lib/labs/networked.ts), so the lesson never inverts silently.
 */

export const DEFAULT_ITERATIONS = 2000;
export const MIN_ITERATIONS = 100;
export const MAX_ITERATIONS = 5000;
const WARM_UP = 50;
/** The origin the next-auth default reads its cookie under when AUTH_URL is not set (its cookie names follow it). */
const ORIGIN = "http://localhost";
export const COST_TITLE = "Cost per request";

export type CostKey =
  "session" | "jwt" | "jwt-revocation" | "bearer" | "session-library" | "jwt-library" | "bearer-library";

export type CostRow = {
  key: CostKey;
  label: string;
  check: string;
  /** Time per check, µs. */
  p50: number;
  p99: number;
  mean: number;
  /** Of that, waiting for the database: p50 per check, µs (0 when the check makes no query). */
  dbP50: number;
  /** The process's CPU time (µs) per check over the measured iterations: work done, not time spent waiting. */
  cpu: number;
  queries: number;
  bytes: number;
  ok: boolean;
  /** A "library default" row: what the library's own docs show, next to the row of this app's check it names. */
  libraryDefaultOf?: CostKey;
};

/** The database the lab measured. */
export type MeasuredDatabase = {
  kind: "pglite" | "postgres";
  /** "PGlite 17.4 (PostgreSQL compiled to WebAssembly, inside this server process)" or "PostgreSQL 15.19 at db:5432". */
  name: string;
  /** False for PGlite: a query is a function call, with no network hop. */
  networked: boolean;
};

export type CostResult = {
  lab: "cost";
  title: string;
  ranAt: string;
  finishedAt: string;
  identity: LabIdentitySummary;
  iterations: number;
  /** @deprecated the kind alone; use `measured`. */
  database: "pglite" | "postgres";
  measured: MeasuredDatabase;
  /** The lesson's first line: what this database means for the numbers below. */
  headline: string;
  /** Does the session check come out cheaper than the JWT check here, and why (never silent). */
  inverted: boolean;
  /** What a networked Postgres costs, from the committed benchmark results (always present; stressed on PGlite). */
  networked: NetworkedReference;
  rows: CostRow[];
};

async function describeDatabase(): Promise<MeasuredDatabase> {
  const database = await db();
  const version = (await database.sql<{ v: string }>("SELECT current_setting('server_version') AS v"))[0]?.v ?? "";
  const short = version.split(" ")[0] ?? version;
  if (database.kind === "pglite") {
    return {
      kind: "pglite",
      name: `PGlite (PostgreSQL ${short} compiled to WebAssembly, inside this server process)`,
      networked: false,
    };
  }
  let where = "";
  try {
    const url = new URL(env().DATABASE_URL ?? "");
    where = ` at ${url.hostname}${url.port ? `:${url.port}` : ""}`;
  } catch {
    // no URL to name
  }
  return { kind: "postgres", name: `PostgreSQL ${short}${where} (over the network)`, networked: true };
}

type Measured = Omit<CostRow, "key" | "label" | "check" | "bytes">;

async function measure(
  iterations: number,
  fn: () => Promise<unknown>,
  onProgress: (done: number) => void,
  signal?: AbortSignal,
): Promise<Measured> {
  return withQueryStats(async (stats) => {
    for (let i = 0; i < WARM_UP; i++) await fn();
    const beforeFirst = stats();
    const first = await fn();
    const queries = stats().queries - beforeFirst.queries;
    const samples: number[] = [];
    const dbSamples: number[] = [];
    const cpuBefore = process.cpuUsage();
    for (let i = 0; i < iterations; i++) {
      if (signal?.aborted) throw new Error("aborted");
      const db0 = stats().dbMicros;
      const start = performance.now();
      await fn();
      samples.push((performance.now() - start) * 1000);
      dbSamples.push(stats().dbMicros - db0);
      if ((i + 1) % 100 === 0) onProgress(i + 1);
    }
    const cpuUsed = process.cpuUsage(cpuBefore);
    const s = summarise(samples);
    const round = (n: number) => Math.round(n * 10) / 10;
    return {
      p50: round(s.p50),
      p99: round(s.p99),
      mean: round(s.mean),
      dbP50: queries === 0 ? 0 : round(summarise(dbSamples).p50),
      cpu: round((cpuUsed.user + cpuUsed.system) / iterations),
      queries,
      ok: Boolean(first),
    };
  });
}

/**
 * The next-auth check with the decryption done every time (next-auth's own `decode`, then our claim checks), so
 * the number is the cost of the JWE itself, not of a process-local cache of earlier decryptions.
 */
async function jwtCheck(cookie: { name: string; value: string }) {
  const claims = parseTokenClaims(await decode({ token: cookie.value, secret: jwtSecrets().list, salt: cookie.name }));
  if (!claims) return null;
  const check = await checkJwt(claims);
  return check.ok ? claims : null;
}

/** The first line of the lesson, for this database and these rows. */
export function costHeadline(measured: MeasuredDatabase, rows: CostRow[], networked: NetworkedReference) {
  const session = rows.find((r) => r.key === "session");
  const jwt = rows.find((r) => r.key === "jwt");
  const inverted = Boolean(session && jwt && session.p50 < jwt.p50);
  const ref = networked.checks.session;
  if (!measured.networked) {
    return {
      inverted,
      headline:
        `Measured on ${measured.name}: an in-process database has no network hop, so every session lookup here costs ` +
        `a function call, not a round trip${inverted ? " — which is why the session check comes out cheaper than the JWT check on this page" : ""}. ` +
        `On a networked PostgreSQL the same check waited ${ref.dbP50} µs for the database (p50 ${ref.p50} µs in all; ${networked.label}).`,
    };
  }
  return {
    inverted,
    headline:
      `Measured on ${measured.name}: every session check (and every revocation-mode JWT check) waits for one database ` +
      `round trip, shown in its own column.${inverted ? " The session check still came out cheaper than a full JWE decryption here: next-auth's key derivation and AES-CBC + HMAC cost more than a round trip on this network — with the server's cache of decrypted cookies, a JWT check is nearly free in steady state." : ""}`,
  };
}

export async function runCostLab(lab: LabContext, iterations: number): Promise<CostResult> {
  const ranAt = new Date().toISOString();
  const measured = await describeDatabase();
  lab.progress({ type: "step", message: `Measuring on ${measured.name}…` });
  const device = await mintLabDevice(lab, "cost per request");
  const total = iterations * 7;
  let base = 0;
  const report = (label: string) => (done: number) =>
    lab.progress({
      type: "progress",
      message: `${label}: ${done.toLocaleString("en")} of ${iterations.toLocaleString("en")} checks`,
      done: base + done,
      total,
    });
  const step = async (label: string, fn: () => Promise<unknown>) => {
    const result = await measure(iterations, fn, report(label), lab.signal);
    base += iterations;
    return result;
  };
  try {
    const sessionCheck = async () => {
      const read = await resolveSession(device.ctx);
      return read.status === "signed-in" ? read : null;
    };
    const bytes = (c: { name: string; value: string }) => Buffer.byteLength(`${c.name}=${c.value}`);
    const session = await step("Session", sessionCheck);
    const jwt = await step("next-auth JWT", () => jwtCheck(device.jwt));
    const jwtChecked = await step("JWT, revocation mode", () => jwtCheck(device.jwtRevocation));
    // The full verification every time, like the JWT rows: the cost of the signature check itself, not of
    // the process's cache of tokens it verified before (lib/token/bearer/internal/verify-cache.ts).
    const bearer = await step("Bearer access token", () => verifyWithJose(device.bearer.accessToken));
    // The same credentials read the way the libraries' docs show (lib/labs/library-defaults.ts; the benchmark's
    // peer routes run the same functions): what this app's checks are measured against.
    const sessionStore = cookieStoreOf(device.session);
    const sessionLibrary = await step("iron-session + Prisma", () => ironSessionPeer(sessionStore));
    const jwtLibrary = await step("next-auth auth()", () => nextAuthPeer(device.jwt, env().AUTH_URL ?? ORIGIN));
    const bearerLibrary = await step("jose jwtVerify", () => joseVerifyPeer(device.bearer.accessToken));
    const rows: CostRow[] = [
      {
        key: "session",
        label: "Session",
        check: "unseal + primary-key lookup",
        ...session,
        bytes: bytes(device.session),
      },
      {
        key: "session-library",
        label: "Library default: iron-session",
        check: "getIronSession + Prisma findUnique (row and user)",
        ...sessionLibrary,
        bytes: bytes(device.session),
        libraryDefaultOf: "session",
      },
      { key: "jwt", label: "next-auth JWT", check: "decrypt (JWE) + claim checks", ...jwt, bytes: bytes(device.jwt) },
      {
        key: "jwt-library",
        label: "Library default: next-auth",
        check: "auth() around a route handler (decrypt, default callbacks, re-encrypt)",
        ...jwtLibrary,
        bytes: bytes(device.jwt),
        libraryDefaultOf: "jwt",
      },
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
        check: `${decodeProtectedHeader(device.bearer.accessToken).alg} signature verify`,
        ...bearer,
        bytes: Buffer.byteLength(`Authorization: Bearer ${device.bearer.accessToken}`),
      },
      {
        key: "bearer-library",
        label: "Library default: jose",
        check: `jwtVerify, ${decodeProtectedHeader(device.bearer.accessToken).alg}, key imported once`,
        ...bearerLibrary,
        bytes: Buffer.byteLength(`Authorization: Bearer ${device.bearer.accessToken}`),
        libraryDefaultOf: "bearer",
      },
    ];
    const networked = networkedReference();
    const { headline, inverted } = costHeadline(measured, rows, networked);
    return {
      lab: "cost",
      title: COST_TITLE,
      ranAt,
      finishedAt: new Date().toISOString(),
      identity: identitySummary(lab.identity),
      iterations,
      database: measured.kind,
      measured,
      headline,
      inverted,
      networked,
      rows,
    };
  } finally {
    await disposeLabDevice(device);
  }
}
