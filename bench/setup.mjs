// What a bench run needs before anything is measured: a fresh database, a build, the server (through the one
// test-server harness) and signed-in users, each credential checked against the real endpoints.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { newBearerKey, newSecret, startServer, testServerEnv } from "../test/server-harness.mjs";

export const PASSWORD = "bench passphrase that is long enough";

function run(ctx, command, commandArgs, env = {}) {
  const result = spawnSync(command, commandArgs, { cwd: ctx.root, stdio: "inherit", env: { ...process.env, ...env } });
  if (result.status !== 0) throw new Error(`${command} ${commandArgs.join(" ")} exited with ${result.status}`);
}

/** A fresh PGlite folder or Postgres database, removed when the run ends; returns the server's env for it. */
export function prepareDatabase(ctx) {
  if (ctx.opts.pglite) {
    const dir = path.join(ctx.root, ".data", `bench-pglite-${Date.now()}-${process.pid}`);
    ctx.cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    ctx.log(`database: fresh PGlite folder ${path.relative(ctx.root, dir)} (migrations applied by the app on open)`);
    return { PGLITE_DIR: dir };
  }
  const host = process.env.PGHOST ?? "127.0.0.1";
  const user = process.env.PGUSER ?? "postgres";
  const name = `svt_bench_${Date.now()}_${process.pid}`;
  run(ctx, "createdb", ["-h", host, "-U", user, name]);
  ctx.cleanups.push(() => {
    spawnSync("dropdb", ["-h", host, "-U", user, "--if-exists", "--force", name], { stdio: "ignore" });
  });
  const url = `postgresql://${user}@localhost:5432/${name}`;
  ctx.log(`database: fresh Postgres database ${name}`);
  run(ctx, "npx", ["prisma", "migrate", "deploy"], { DATABASE_URL: url });
  return { DATABASE_URL: url };
}

export function build(ctx, dbEnv) {
  const { dist, skipBuild } = ctx.opts;
  if (skipBuild && existsSync(path.join(ctx.root, dist, "BUILD_ID"))) {
    ctx.log(`--skip-build: using the existing build in ${dist}`);
    return;
  }
  ctx.log(`building into ${dist} …`);
  // `next build` adds its output folder's type paths to tsconfig.json; a benchmark leaves the tree as it found it.
  const tsconfig = path.join(ctx.root, "tsconfig.json");
  const before = readFileSync(tsconfig, "utf8");
  try {
    run(ctx, "npx", ["next", "build"], {
      NEXT_DIST_DIR: dist,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      // The benchmark's build: its peer routes answer and BENCH_ABLATE is read (lib/server/bench-build.ts).
      SVT_BENCH_BUILD: "1",
      ...dbEnv,
    });
  } finally {
    if (readFileSync(tsconfig, "utf8") !== before) writeFileSync(tsconfig, before);
  }
}

/**
 * The bench server's secrets, generated once per run and kept on ctx: the scale and memory phases seal session
 * cookies, encode next-auth tokens and sign bearer tokens with them in the harness (no argon2 per seeded user), and
 * the cold-start phase starts a second server that must accept the same credentials.
 */
export function benchSecrets(ctx) {
  ctx.secrets ??= { SESSION_SECRET: newSecret(), AUTH_SECRET: newSecret(), BEARER_SIGNING_KEYS: newBearerKey() };
  return ctx.secrets;
}

/** The environment of a bench server (the one measured, and the cold-start phase's fresh ones) on a database. */
export function benchServerEnv(ctx, dbEnv, origin = ctx.origin) {
  return {
    ...benchSecrets(ctx),
    ...dbEnv,
    // Only the database this run prepared, whatever the shell has.
    ...(ctx.opts.pglite ? { DATABASE_URL: undefined } : { PGLITE_DIR: undefined }),
    NEXT_DIST_DIR: ctx.opts.dist,
    AUTH_URL: origin,
    // The sign-in phases come from one IP at hundreds of attempts a second; the per-IP limits would turn
    // them into cheap 429s. The per-account limit stays on (the load is spread over the accounts).
    LOGIN_LIMIT_PER_IP: "100000000",
    SIGNUP_LIMIT_PER_IP: "100000000",
    BEARER_ACCESS_TTL: "3600",
  };
}

/** The full environment and command of a server started by hand (bench/cold-start.mjs times its spawn). */
export function benchServerCommand(ctx, dbEnv, port, overrides = {}) {
  const origin = `http://localhost:${port}`;
  const env = { ...process.env, ...testServerEnv(), ...benchServerEnv(ctx, dbEnv, origin), ...overrides };
  env.PORT = String(port);
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  return { command: [process.execPath, path.join(ctx.root, "scripts/start.mjs"), "-p", String(port)], env, origin };
}

/**
 * `next start` on the bench port (or `port`), stopped when the run ends. Every server of a run shares one set of
 * secrets and keys (benchSecrets), so the credentials prepared on the first are valid on all; `env` adds to the
 * environment (BENCH_ABLATE for the ablation servers, bench/ablations.mjs).
 */
export async function startBenchServer(ctx, dbEnv, { port = ctx.opts.port, name = "next start", env = {} } = {}) {
  ctx.dbEnv ??= dbEnv;
  const server = await startServer({
    port,
    name,
    cwd: ctx.root,
    stopTimeoutMs: 5_000,
    env: { ...benchServerEnv(ctx, dbEnv, `http://localhost:${port}`), ...env },
  });
  ctx.cleanups.push(() => server.stop());
  return server;
}

/** Every non-empty `name=value` a response sets. */
export function cookiesOf(response) {
  return response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .filter((pair) => pair.split("=")[1]);
}

/** The body Auth.js's credentials form posts. */
export function credentialsForm(ctx, email, csrfToken) {
  return { email, password: PASSWORD, csrfToken, callbackUrl: `${ctx.origin}/token` };
}

export async function expectStatus(response, status, what) {
  if (response.status !== status) {
    throw new Error(`${what}: expected ${status}, got ${response.status}: ${(await response.text()).slice(0, 300)}`);
  }
  return response;
}

async function nextAuthCsrf(server) {
  const response = await expectStatus(await server.send("GET", "/api/auth/csrf"), 200, "GET /api/auth/csrf");
  const { csrfToken } = await response.json();
  return { csrfToken, cookie: cookiesOf(response).join("; ") };
}

/**
 * The accounts the sign-in load spreads over (so the per-account limit never answers 429), and the first
 * `users` of them signed in on all three sides: the credentials the check phases carry.
 */
export async function prepareCredentials(ctx, server) {
  const accounts = Array.from(
    { length: ctx.opts.accounts },
    (_, i) => `bench-${i}-${randomBytes(4).toString("hex")}@example.com`,
  );
  for (const email of accounts) {
    const signUp = await server.send("POST", "/api/signup", {
      json: { email, name: "Bench User", password: PASSWORD },
    });
    await expectStatus(signUp, 201, "sign-up");
  }
  const csrf = await nextAuthCsrf(server);
  const users = [];
  for (const email of accounts.slice(0, ctx.opts.users)) users.push(await signIn(ctx, server, email, csrf));
  return { accounts, users, csrf };
}

/** Signs one account in on all three sides and checks that each credential is really accepted. */
async function signIn(ctx, server, email, csrf) {
  const credentials = { json: { email, password: PASSWORD } };
  const session = await expectStatus(
    await server.send("POST", "/api/session/login", credentials),
    200,
    "session sign-in",
  );
  const sessionCookie = cookiesOf(session).join("; ");

  const callback = await server.send("POST", "/api/auth/callback/credentials", {
    cookie: csrf.cookie,
    form: credentialsForm(ctx, email, csrf.csrfToken),
  });
  const tokenCookie = cookiesOf(callback)
    .filter((c) => c.startsWith("authjs.session-token"))
    .join("; ");
  if (!tokenCookie) throw new Error(`next-auth sign-in set no session cookie (status ${callback.status})`);

  const bearer = await expectStatus(await server.send("POST", "/api/bearer/login", credentials), 200, "bearer sign-in");
  const { accessToken } = await bearer.json();

  // Each credential must really be accepted before its throughput means anything.
  await expectStatus(await server.send("GET", "/api/session/me", { cookie: sessionCookie }), 200, "session/me");
  await expectStatus(await server.send("GET", "/api/token/me", { cookie: tokenCookie }), 200, "token/me");
  await expectStatus(await server.send("GET", "/api/bearer/me", { bearer: accessToken }), 200, "bearer/me");
  // The library-default peers (app/api/bench/) accept the same credentials: a 404 here is a build made without
  // SVT_BENCH_BUILD=1 (an old .next-bench reused with --skip-build).
  await expectStatus(
    await server.send("GET", "/api/bench/iron-session", { cookie: sessionCookie }),
    200,
    "bench/iron-session",
  );
  await expectStatus(await server.send("GET", "/api/bench/nextauth", { cookie: tokenCookie }), 200, "bench/nextauth");
  await expectStatus(await server.send("GET", "/api/bench/jose", { bearer: accessToken }), 200, "bench/jose");
  return { sessionCookie, tokenCookie, accessToken };
}
