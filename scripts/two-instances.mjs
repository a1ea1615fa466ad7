#!/usr/bin/env node
// Two instances, one database: starts two `next start` processes on two ports against the Postgres database in
// DATABASE_URL, with the same secrets (what two serverless instances on Vercel are), and shows that
//   - a session created through A is accepted by B, and revoking it through B makes A reject it at once;
//   - a next-auth JWT and a bearer access token issued by A verify on B;
//   - the JWT checks issue zero database queries, the session check exactly one (the X-DB-Queries header of the
//     /me endpoints, counted by lib/server/query-count.ts);
//   - a refresh token is single-use across both instances, even when sent to both at once;
//   - a third process, the separate verifier (services/verifier) with nothing but A's JWKS URL and a port, verifies
//     an access token that B signed: no database, no secret.
// Then it times each check (sequential requests alternating A and B) and prints a short report.
//
//   DATABASE_URL=postgresql://… node scripts/two-instances.mjs [--build] [--requests 200]
//
// Builds first when the build folder (NEXT_DIST_DIR, default .next) has no build, or with --build; applies the
// migrations (prisma migrate deploy) either way. Ports: PORT_A / PORT_B / PORT_VERIFIER (default 3401 / 3402 /
// 3403). Secrets: SESSION_SECRET / AUTH_SECRET / BEARER_SIGNING_KEYS when set, otherwise fresh ones for this run
// (the same for both instances; the verifier gets none).
// Exit code 0 when every check holds, 1 otherwise. e2e/two-instances.spec.ts asserts the same in CI.
import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { readFileSync } from "node:fs";
import { cookieFrom, newBearerKey, newSecret, startServer, startVerifier, stopAll } from "../test/server-harness.mjs";

const { values: args } = parseArgs({
  options: { build: { type: "boolean", default: false }, requests: { type: "string", default: "200" } },
});
const REQUESTS = Math.max(1, Number(args.requests) || 200);
const PASSWORD = "a perfectly long passphrase";

if (!process.env.DATABASE_URL) {
  console.error(
    "DATABASE_URL is not set: two instances can share only a real Postgres database (PGlite is one process only), so run `DATABASE_URL=postgresql://… node scripts/two-instances.mjs`.",
  );
  process.exit(1);
}

const distDir = process.env.NEXT_DIST_DIR || ".next";
const ports = [Number(process.env.PORT_A ?? 3401), Number(process.env.PORT_B ?? 3402)];
const verifierPort = Number(process.env.PORT_VERIFIER ?? 3403);
const secrets = {
  SESSION_SECRET: process.env.SESSION_SECRET || newSecret(),
  AUTH_SECRET: process.env.AUTH_SECRET || newSecret(),
  BEARER_SIGNING_KEYS: process.env.BEARER_SIGNING_KEYS || newBearerKey(),
};

function run(command, commandArgs) {
  const result = spawnSync(command, commandArgs, { stdio: "inherit", env: process.env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

// --- the two instances (test/server-harness.mjs) ---------------------------------------------------------------

function startInstance(name, port) {
  return startServer({
    port,
    name: `instance ${name}`,
    env: {
      ...secrets,
      NEXT_DIST_DIR: distDir,
      // Every request comes from 127.0.0.1, and the per-IP counters are shared in Postgres with whatever ran
      // against this database before (the e2e suite signs up hundreds of accounts): raise the per-IP limits.
      LOGIN_LIMIT_PER_IP: process.env.LOGIN_LIMIT_PER_IP || "100000",
      SIGNUP_LIMIT_PER_IP: process.env.SIGNUP_LIMIT_PER_IP || "100000",
    },
  });
}

const queriesOf = (response) => Number(response.headers.get("x-db-queries"));

// --- checks ----------------------------------------------------------------------------------------------------

const results = [];
function check(label, ok, detail = "") {
  results.push({ label, ok: Boolean(ok), detail });
  console.log(`${ok ? "  ✓" : "  ✗"} ${label}${detail ? ` — ${detail}` : ""}`);
}

async function signUp(server, prefix) {
  const email = `${prefix}-${randomUUID().slice(0, 8)}@example.com`;
  const response = await server.send("POST", "/api/signup", {
    json: { email, name: "Scale Out", password: PASSWORD },
  });
  if (response.status !== 201) throw new Error(`sign-up on ${server.name} → ${response.status}`);
  return email;
}

async function sessionChecks(a, b) {
  const email = await signUp(a, "two-session");
  const login = await a.send("POST", "/api/session/login", { json: { email, password: PASSWORD } });
  const cookie = cookieFrom(login, "svt_session");
  check("session: sign-in through A sets the cookie", login.status === 200 && cookie);
  const onB = await b.send("GET", "/api/session/me", { cookie });
  const me = onB.status === 200 ? await onB.json() : {};
  check("session: B accepts A's session", onB.status === 200 && me.user?.email === email, `HTTP ${onB.status}`);
  check("session: the check on B issues exactly 1 query", queriesOf(onB) === 1, `${queriesOf(onB)} queries`);
  const logout = await b.send("POST", "/api/session/logout", { cookie, json: {} });
  check("session: sign-out through B", logout.status === 200, `HTTP ${logout.status}`);
  const onA = await a.send("GET", "/api/session/me", { cookie });
  check("session: A rejects the cookie at its very next request", onA.status === 401, `HTTP ${onA.status}`);
  // A fresh session for the timings.
  const again = await a.send("POST", "/api/session/login", { json: { email, password: PASSWORD } });
  return cookieFrom(again, "svt_session");
}

async function jwtChecks(a, b) {
  const email = await signUp(a, "two-jwt");
  // Auth.js's own sign-in endpoint, as its form posts it: CSRF token (double-submit cookie), then the credentials.
  const csrf = await a.send("GET", "/api/auth/csrf");
  const csrfCookie = cookieFrom(csrf, "authjs.csrf-token");
  const { csrfToken } = await csrf.json();
  const signIn = await a.send("POST", "/api/auth/callback/credentials", {
    cookie: csrfCookie,
    form: { email, password: PASSWORD, csrfToken, callbackUrl: `${a.url}/token` },
  });
  const cookie = cookieFrom(signIn, "authjs.session-token");
  check("next-auth JWT: sign-in through A sets the cookie", Boolean(cookie), `HTTP ${signIn.status}`);
  const onB = await b.send("GET", "/api/token/me", { cookie });
  const me = onB.status === 200 ? await onB.json() : {};
  check("next-auth JWT: B verifies A's token", onB.status === 200 && me.user?.email === email, `HTTP ${onB.status}`);
  check("next-auth JWT: the check on B issues 0 queries", queriesOf(onB) === 0, `${queriesOf(onB)} queries`);
  return cookie;
}

async function bearerChecks(a, b) {
  const email = await signUp(a, "two-bearer");
  const login = await a.send("POST", "/api/bearer/login", { json: { email, password: PASSWORD } });
  const { accessToken, refreshToken } = login.status === 200 ? await login.json() : {};
  check("bearer: sign-in through A issues a token pair", login.status === 200, `HTTP ${login.status}`);
  const onB = await b.send("GET", "/api/bearer/me", { bearer: accessToken });
  const me = onB.status === 200 ? await onB.json() : {};
  check("bearer: B verifies A's access token", onB.status === 200 && me.user?.email === email, `HTTP ${onB.status}`);
  check("bearer: the check on B issues 0 queries", queriesOf(onB) === 0, `${queriesOf(onB)} queries`);
  const rotated = await b.send("POST", "/api/bearer/refresh", { json: { refreshToken } });
  const replay = await a.send("POST", "/api/bearer/refresh", { json: { refreshToken } });
  check(
    "bearer: a refresh token spent on B is refused on A",
    rotated.status === 200 && replay.status === 401,
    `B ${rotated.status}, then A ${replay.status}`,
  );

  const race = await b.send("POST", "/api/bearer/login", { json: { email, password: PASSWORD } });
  const token = (await race.json()).refreshToken;
  const statuses = await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      (i % 2 ? b : a).send("POST", "/api/bearer/refresh", { json: { refreshToken: token } }).then((r) => r.status),
    ),
  );
  const won = statuses.filter((s) => s === 200).length;
  check("bearer: one refresh token sent to A and B at once (10 + 10) → one new pair", won === 1, `${won} × 200`);
  return accessToken;
}

/** The separate verifier, given A's key set URL only, verifies what B signed. */
async function verifierChecks(a, b, verifier) {
  const email = await signUp(b, "two-verifier");
  const login = await b.send("POST", "/api/bearer/login", { json: { email, password: PASSWORD } });
  const { accessToken } = login.status === 200 ? await login.json() : {};
  const [jwksA, jwksB] = await Promise.all(
    [a, b].map((s) => s.send("GET", "/.well-known/jwks.json").then((r) => r.json())),
  );
  check(
    "keys: A and B publish the same key set, public keys only",
    JSON.stringify(jwksA) === JSON.stringify(jwksB) && !JSON.stringify(jwksA).includes('"d"'),
    `${jwksA.keys?.length ?? 0} key(s)`,
  );
  const answer = await verifier.send("GET", "/whoami", { bearer: accessToken });
  const body = answer.status === 200 ? await answer.json() : {};
  check(
    "verifier: verifies B's access token with A's public keys alone",
    answer.status === 200 && body.claims?.email === email,
    `HTTP ${answer.status}`,
  );
  let names = "(not Linux: not read)";
  try {
    names = readFileSync(`/proc/${verifier.process.pid}/environ`, "utf8")
      .split("\0")
      .filter(Boolean)
      .map((e) => e.split("=")[0])
      .sort()
      .join(", ");
  } catch {
    // no /proc here
  }
  check(
    "verifier: its environment holds JWKS_URL and PORT, nothing else",
    names === "JWKS_URL, PORT" || names.startsWith("("),
    names,
  );
}

// --- timings ---------------------------------------------------------------------------------------------------

async function measure(label, servers, request) {
  const times = [];
  const queries = new Map();
  let failures = 0;
  for (let i = 0; i < REQUESTS; i++) {
    const server = servers[i % servers.length];
    const start = performance.now();
    const response = await request(server);
    await response.arrayBuffer();
    times.push(performance.now() - start);
    if (response.status !== 200) failures++;
    const q = queriesOf(response);
    queries.set(q, (queries.get(q) ?? 0) + 1);
  }
  times.sort((x, y) => x - y);
  const at = (p) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))];
  return {
    label,
    queries: [...queries.entries()].map(([q, n]) => (queries.size === 1 ? `${q}` : `${q} (×${n})`)).join(", "),
    p50: at(50).toFixed(1),
    p95: at(95).toFixed(1),
    failures,
  };
}

function table(rows) {
  const head = ["check (alternating A/B)", "DB queries / request", "p50 ms", "p95 ms", "non-200"];
  const body = rows.map((r) => [r.label, r.queries, r.p50, r.p95, String(r.failures)]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
  return [line(head), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...body.map(line)].join("\n");
}

// --- main ------------------------------------------------------------------------------------------------------

async function main() {
  console.log("Applying migrations (prisma migrate deploy)…");
  run("npx", ["prisma", "migrate", "deploy"]);
  if (args.build || !existsSync(path.join(distDir, "BUILD_ID"))) {
    console.log(`Building into ${distDir}…`);
    run("npx", ["next", "build"]);
  }
  const database = new URL(process.env.DATABASE_URL);
  console.log(
    `\nStarting two instances on :${ports[0]} and :${ports[1]} (database ${database.host}${database.pathname})…`,
  );
  const [a, b, verifier] = await Promise.all([
    startInstance("A", ports[0]),
    startInstance("B", ports[1]),
    startVerifier({ port: verifierPort, jwksUrl: `http://localhost:${ports[0]}/.well-known/jwks.json` }),
  ]);
  console.log(
    `A ${a.url} (pid ${a.process.pid}), B ${b.url} (pid ${b.process.pid}), verifier ${verifier.url} (pid ${verifier.process.pid})\n`,
  );

  const sessionCookie = await sessionChecks(a, b);
  const jwtCookie = await jwtChecks(a, b);
  const accessToken = await bearerChecks(a, b);
  await verifierChecks(a, b, verifier);

  console.log(`\nTiming ${REQUESTS} sequential requests per check, alternating A and B…`);
  const rows = [
    await measure("GET /api/session/me (session)", [a, b], (s) =>
      s.send("GET", "/api/session/me", { cookie: sessionCookie }),
    ),
    await measure("GET /api/token/me (next-auth JWT)", [a, b], (s) =>
      s.send("GET", "/api/token/me", { cookie: jwtCookie }),
    ),
    await measure("GET /api/bearer/me (bearer JWT)", [a, b], (s) =>
      s.send("GET", "/api/bearer/me", { bearer: accessToken }),
    ),
  ];
  const failed = results.filter((r) => !r.ok);
  console.log(`\n${table(rows)}\n`);
  console.log(
    `${results.length - failed.length}/${results.length} checks hold. Both instances share only Postgres; latency is this machine's, with both instances and Postgres on it.`,
  );
  return failed.length === 0 && rows.every((r) => r.failures === 0);
}

let ok = false;
process.on("SIGINT", () => stopAll().then(() => process.exit(130)));
try {
  ok = await main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
} finally {
  await stopAll();
}
process.exit(ok ? 0 : 1);
