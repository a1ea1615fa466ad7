#!/usr/bin/env node
// Proves the trimmed file set still runs (docs/decisions/0090-lean-functions.md): a Next standalone build —
// the same tracing and outputFileTracingExcludes a Vercel function gets — copied OUT of the project (so
// Node cannot fall back to the project's full node_modules), checked for the files no function may hold,
// then started against the Postgres database in DATABASE_URL and signed in through all three areas.
//
//   DATABASE_URL=postgresql://… node scripts/standalone-smoke.mjs [--prebuilt] [--port 3311]
//
// --prebuilt: runs .next/standalone as scripts/vercel-build-check.mjs left it (CI: the very build whose
// functions were measured). Otherwise builds into NEXT_DIST_DIR=.next-standalone with NEXT_OUTPUT=standalone
// (next.config.js) through `npm run build`, which also applies the migrations. Exit code 0 when every check holds.
import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { cookieFrom, startServer } from "../test/server-harness.mjs";
import { forbiddenReason, megabytes } from "./lib/function-budget.mjs";

const { values: args } = parseArgs({
  options: { port: { type: "string", default: "3311" }, prebuilt: { type: "boolean", default: false } },
});
const PORT = Number(args.port);
const DIST = args.prebuilt ? ".next" : ".next-standalone";
const PASSWORD = "a perfectly long passphrase";

if (!process.env.DATABASE_URL) {
  console.error("DATABASE_URL is not set: the standalone smoke run signs in against a Postgres database.");
  process.exit(1);
}

let failed = 0;
let passed = 0;
function check(label, ok, detail = "") {
  if (ok) passed++;
  else failed++;
  console.log(`  ${ok ? "✓" : "✗"} ${label}${detail ? ` — ${detail}` : ""}`);
}

// --- 1. build and copy out -------------------------------------------------------------------------------------
const started = Date.now();
if (!args.prebuilt) {
  const build = spawnSync("npm", ["run", "build"], {
    stdio: "inherit",
    env: { ...process.env, NEXT_OUTPUT: "standalone", NEXT_DIST_DIR: DIST },
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
if (!existsSync(path.join(DIST, "standalone", "server.js"))) {
  console.error(`${DIST}/standalone/server.js is missing: build with NEXT_OUTPUT=standalone first.`);
  process.exit(1);
}
const app = path.join(mkdtempSync(path.join(tmpdir(), "svt-standalone-")), "app");
// Dereference: the build links external packages (.next/node_modules/<name>-<hash> → node_modules/<name>).
cpSync(path.join(DIST, "standalone"), app, { recursive: true, dereference: true });
cpSync(path.join(DIST, "static"), path.join(app, DIST, "static"), { recursive: true });
console.log(`\nStandalone build copied to ${app} (${((Date.now() - started) / 1000).toFixed(0)} s). Checking it:`);

function filesIn(dir) {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}
const files = filesIn(app);
const bytes = files.reduce((sum, file) => sum + statSync(file).size, 0);
const forbidden = files.filter((file) => forbiddenReason(path.relative(app, file)));
check(
  `the standalone file set holds no PGlite and no non-Postgres Prisma engine`,
  forbidden.length === 0,
  forbidden.length ? forbidden.slice(0, 5).join(", ") : `${files.length} files`,
);
// Informational: every route together, plus Next's image optimiser (sharp, @img) that Vercel functions do not
// carry; the per-function budget is asserted on .vercel/output by scripts/vercel-build-check.mjs.
console.log(`  · the whole standalone app: ${megabytes(bytes)} in ${files.length} files`);
check("no node_modules above the copy", !existsSync(path.join(app, "..", "node_modules")));

// --- 2. start it from the copy (test/server-harness.mjs), nothing of this environment but PATH -----------------
let server;
try {
  server = await startServer({
    port: PORT,
    name: "the standalone server",
    command: [process.execPath, "server.js"],
    cwd: app,
    inheritEnv: false,
    env: { HOSTNAME: "localhost", DATABASE_URL: process.env.DATABASE_URL },
    stopTimeoutMs: 5_000,
  });
  const send = server.send;
  const base = server.url;
  const health = await send("GET", "/api/health");
  const status = await health.json();
  check("/api/health answers 200 on Postgres", status.database === "postgres", JSON.stringify(status));

  const email = `standalone-${randomUUID().slice(0, 8)}@example.com`;
  const signup = await send("POST", "/api/signup", { json: { email, name: "Standalone", password: PASSWORD } });
  check("sign-up", signup.status === 201, `HTTP ${signup.status}`);

  // Session area: a Postgres row behind an iron-session cookie.
  const login = await send("POST", "/api/session/login", { json: { email, password: PASSWORD } });
  const sessionCookie = cookieFrom(login, "svt_session");
  const sessionMe = await send("GET", "/api/session/me", { cookie: sessionCookie });
  const sessionUser = sessionMe.status === 200 ? (await sessionMe.json()).user : null;
  check("session area: sign-in, then /api/session/me", sessionUser?.email === email, `HTTP ${sessionMe.status}`);
  const page = await send("GET", "/session", { cookie: sessionCookie });
  const html = await page.text();
  check("session area: the /session page renders for the signed-in user", page.status === 200 && html.includes(email));

  // next-auth JWT: Auth.js's own credentials sign-in (CSRF double-submit), then /api/token/me.
  const csrf = await send("GET", "/api/auth/csrf");
  const csrfCookie = cookieFrom(csrf, "authjs.csrf-token");
  const { csrfToken } = await csrf.json();
  const signIn = await send("POST", "/api/auth/callback/credentials", {
    cookie: csrfCookie,
    form: { email, password: PASSWORD, csrfToken, callbackUrl: `${base}/token` },
  });
  const jwtCookie = cookieFrom(signIn, "authjs.session-token");
  const tokenMe = await send("GET", "/api/token/me", { cookie: jwtCookie });
  const tokenUser = tokenMe.status === 200 ? (await tokenMe.json()).user : null;
  check("next-auth JWT: sign-in, then /api/token/me", tokenUser?.email === email, `HTTP ${tokenMe.status}`);

  // Bearer: access JWT + rotating refresh token.
  const bearerLogin = await send("POST", "/api/bearer/login", { json: { email, password: PASSWORD } });
  const pair = bearerLogin.status === 200 ? await bearerLogin.json() : {};
  const bearerMe = await send("GET", "/api/bearer/me", { bearer: pair.accessToken });
  const bearerUser = bearerMe.status === 200 ? (await bearerMe.json()).user : null;
  check("bearer: sign-in, then /api/bearer/me", bearerUser?.email === email, `HTTP ${bearerMe.status}`);
  const refreshed = await send("POST", "/api/bearer/refresh", { json: { refreshToken: pair.refreshToken } });
  check("bearer: the refresh token rotates", refreshed.status === 200, `HTTP ${refreshed.status}`);

  const output = server.logs();
  check(
    "the server logged no error",
    !/\bError\b|failed:/.test(output),
    output.trim().split("\n").slice(-3).join(" | "),
  );
} catch (error) {
  check("the smoke run completed", false, error instanceof Error ? error.message : String(error));
} finally {
  await server?.stop();
  rmSync(path.dirname(app), { recursive: true, force: true });
}

console.log(`\nStandalone smoke: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
