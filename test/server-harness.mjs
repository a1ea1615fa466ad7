// The one test-server harness: starts a production server (`next start` through scripts/start.mjs, or a given
// command such as a standalone build's server.js) on a port, waits until /api/health answers 200, collects its
// output, and stops its whole process group. Used by the Playwright main server (e2e/support/global-setup.ts),
// the specs' extra servers (e2e/support/server.ts), scripts/two-instances.mjs, scripts/standalone-smoke.mjs and
// the bench. It starts the separate verifier (services/verifier) too, with an environment of exactly its two
// values (`startVerifier`). Plain ESM so the .mjs scripts run it as is; types in server-harness.d.mts for the
// TypeScript callers.
import { spawn } from "node:child_process";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import net from "node:net";
import path from "node:path";
import { createInterface } from "node:readline";

// No `import.meta` here: Playwright compiles what a TypeScript spec imports to CommonJS, where it is a syntax
// error. Paths are relative to `cwd` (default: this process's working directory, the repository root for every
// caller: npm scripts, Playwright, the scripts' documented command lines).

/** A fresh 32-byte secret (SESSION_SECRET, AUTH_SECRET, CRON_SECRET), base64url. */
export const newSecret = () => randomBytes(32).toString("base64url");

/**
 * A fresh bearer signing key as BEARER_SIGNING_KEYS reads it: the base64url of an Ed25519 (default) or P-256
 * private key in PKCS#8 DER (lib/server/key-config.ts).
 */
export function newBearerKey(alg = "EdDSA") {
  const { privateKey } =
    alg === "ES256" ? generateKeyPairSync("ec", { namedCurve: "P-256" }) : generateKeyPairSync("ed25519");
  return privateKey.export({ format: "der", type: "pkcs8" }).toString("base64url");
}

/**
 * What every test server runs with unless `env` says otherwise: production mode (which refuses to start without
 * secrets), our own signal handling (the app closes its database on SIGTERM), no demo users, and per-IP limits
 * out of the way (every request comes from 127.0.0.1; the limits are proven on servers that set their own).
 */
export function testServerEnv() {
  return {
    NODE_ENV: "production",
    NEXT_MANUAL_SIG_HANDLE: "true",
    NEXT_TELEMETRY_DISABLED: "1",
    AUTH_TRUST_HOST: "true",
    SEED_DEMO_USERS: "false",
    LOGIN_LIMIT_PER_IP: "100000",
    SIGNUP_LIMIT_PER_IP: "100000",
    SESSION_SECRET: newSecret(),
    AUTH_SECRET: newSecret(),
    BEARER_SIGNING_KEYS: newBearerKey(),
  };
}

/** Every server this process started and has not seen exit, for `stopAll()`. */
const live = new Set();
// A process that exits without stopping its servers (a crash, a forgotten stop) takes them along, so no leftover
// keeps the port (and the next run's start refuses it).
process.once("exit", () => {
  for (const server of live) {
    try {
      process.kill(-server.process.pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
});

/** Stops every server this process started (a script's SIGINT handler, a failed start-up next to others). */
export async function stopAll() {
  await Promise.all([...live].map((server) => server.stop()));
}

/** True when something accepts connections on localhost:port (IPv4 or IPv6). */
export async function portInUse(port) {
  const accepts = (host) =>
    new Promise((resolve) => {
      const socket = net.connect({ port, host });
      const done = (open) => {
        socket.destroy();
        resolve(open);
      };
      socket.setTimeout(1_000, () => done(false));
      socket.once("connect", () => done(true));
      socket.once("error", () => done(false)); // refused, or no IPv6 on this machine
    });
  const [v4, v6] = await Promise.all([accepts("127.0.0.1"), accepts("::1")]);
  return v4 || v6;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts a server and resolves once GET /api/health (or `healthPath`) answered 200. Rejects — with everything the
 * server printed — when the port is already taken (before spawning anything), when the server exits first, or when
 * it is not healthy in time (it is stopped then).
 */
export async function startServer(options) {
  const { port, name = `server on :${port}`, cwd = process.cwd(), inheritEnv = true, echo } = options;
  const healthPath = options.healthPath ?? "/api/health";
  const healthTimeoutMs = options.healthTimeoutMs ?? 60_000;
  const stopTimeoutMs = options.stopTimeoutMs ?? 10_000;
  if (await portInUse(port)) {
    throw new Error(
      `Port ${port} is already in use (a leftover server?): stop what listens on it or choose another port.`,
    );
  }
  const command = options.command ?? [process.execPath, path.join(cwd, "scripts/start.mjs"), "-p", String(port)];
  const base = inheritEnv ? process.env : { PATH: process.env.PATH };
  // `exactEnv`: the environment is exactly `env` plus PORT — nothing inherited, no generated secrets.
  const env = options.exactEnv
    ? { ...options.env, PORT: String(port) }
    : { ...base, ...testServerEnv(), PORT: String(port), ...options.env };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  const child = spawn(command[0], command.slice(1), {
    cwd,
    env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // its own process group, so stop() ends the server and anything it started together
  });
  // A child stopped by a signal has `signalCode` set and `exitCode` still null.
  const running = () => child.exitCode === null && child.signalCode === null;
  // "close" comes after the last output chunk, so an early exit is reported with everything it printed.
  const closed = new Promise((resolve) => child.once("close", resolve));
  let output = "";
  for (const stream of [child.stdout, child.stderr]) {
    stream.on("data", (chunk) => (output += chunk));
    if (echo) {
      const sink = stream === child.stdout ? process.stdout : process.stderr;
      createInterface({ input: stream }).on("line", (line) => sink.write(`${echo}${line}\n`));
    }
  }

  const server = {
    name,
    port,
    url: `http://localhost:${port}`,
    process: child,
    logs: () => output,
    running,
    async stop() {
      if (!running()) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        return; // the process group is already gone
      }
      await Promise.race([exited, sleep(stopTimeoutMs)]);
      if (!running()) return;
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        return;
      }
      await exited;
    },
    send: (method, pathname, request) => send(server.url, method, pathname, request),
  };
  // Without a listener, a command that cannot be spawned (ENOENT) would crash this process.
  const failed = new Promise((resolve) => child.once("error", resolve));
  if (child.pid === undefined) throw new Error(`${name} could not be started: ${(await failed).message}`);
  live.add(server);
  child.once("exit", () => live.delete(server));

  const deadline = Date.now() + healthTimeoutMs;
  for (;;) {
    if (!running()) {
      await closed;
      throw new Error(`${name} exited early (${child.exitCode ?? child.signalCode}):\n${output}`);
    }
    const health = await fetch(`${server.url}${healthPath}`).catch(() => null); // null: not listening yet
    await health?.arrayBuffer();
    if (health?.status === 200) return server;
    if (Date.now() > deadline) {
      await server.stop();
      throw new Error(`${name} did not become healthy within ${healthTimeoutMs / 1000} s:\n${output}`);
    }
    await sleep(250);
  }
}

/**
 * Starts the separate verifier (services/verifier/server.mjs) on a port, with an environment of exactly JWKS_URL
 * and PORT — no PATH, no database URL, no secret — and resolves once its GET /health answers 200. It fetches
 * nothing until the first token arrives, so the app behind `jwksUrl` may start after it.
 */
export function startVerifier({ port, jwksUrl, cwd = process.cwd(), name = `verifier on :${port}`, echo }) {
  return startServer({
    port,
    name,
    cwd,
    echo,
    command: [process.execPath, path.join(cwd, "services/verifier/server.mjs")],
    exactEnv: true,
    env: { JWKS_URL: jwksUrl },
    healthPath: "/health",
    healthTimeoutMs: 15_000,
  });
}

/**
 * One request as a client with no cookie jar: only what `request` names is sent. A POST carries the server's
 * own Origin (the app refuses cross-origin writes); redirects are returned, not followed.
 */
export function send(baseUrl, method, pathname, { cookie, bearer, json, form, headers: extra } = {}) {
  const headers = {};
  if (cookie) headers.cookie = cookie;
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  if (method === "POST") headers.origin = baseUrl;
  let body;
  if (json !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(json);
  } else if (form) {
    headers["content-type"] = "application/x-www-form-urlencoded";
    body = new URLSearchParams(form).toString();
  }
  return fetch(`${baseUrl}${pathname}`, { method, headers: { ...headers, ...extra }, body, redirect: "manual" });
}

/** `name=value` of the cookie a response sets under that name, or undefined. */
export const cookieFrom = (response, name) =>
  response.headers
    .getSetCookie()
    .find((c) => c.startsWith(`${name}=`))
    ?.split(";")[0];
