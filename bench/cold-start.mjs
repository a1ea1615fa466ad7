// Cold start, and a login flood against the default limits, on a second server process started by this phase.
//
// Cold start: the time from spawning `next start` (the same build, database and secrets as the measured server) to
// the first 200 of each authenticated check — the session cookie, the next-auth cookie and the bearer token of a user
// signed in before — and of the unauthenticated ping. Each is polled every few milliseconds from the spawn on, all
// at once, so each number is "how long until a request of this kind can succeed", not a sum.
//
// Login flood: the same fresh server keeps the default per-address sign-in limit (the measured server raises it),
// and takes a burst of wrong-password attempts — unknown emails and real accounts — from a loopback address nobody
// used before in this run. `rate_limits` and `auth_events` must grow by no more than what one address may add per
// window (SECURITY.md "Abuse limits": one address counter plus one account counter per attempt under the limit, one
// event per attempt that reached the password check); every attempt past the limit writes nothing.
import { spawn } from "node:child_process";
import http from "node:http";
import { randomBytes, randomInt } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { benchDb } from "./seed.mjs";
import { benchServerCommand, PASSWORD } from "./setup.mjs";

/** The default LOGIN_LIMIT_PER_IP (lib/server/env.ts), which this phase's server keeps. */
const DEFAULT_LOGIN_LIMIT_PER_IP = 100;
const POLL_MS = 10;

function spawnServer(ctx, port) {
  // Default per-address limits on this server: the flood needs them (the start-up time does not depend on them).
  const { command, env, origin } = benchServerCommand(ctx, ctx.dbEnv, port, {
    LOGIN_LIMIT_PER_IP: undefined,
    SIGNUP_LIMIT_PER_IP: undefined,
  });
  const spawnedAt = performance.now();
  const child = spawn(command[0], command.slice(1), {
    cwd: ctx.root,
    env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  child.stdout.on("data", (c) => (output += c));
  child.stderr.on("data", (c) => (output += c));
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      return;
    }
    await Promise.race([exited, sleep(5_000)]);
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      // gone
    }
  };
  ctx.cleanups.push(stop);
  return { child, origin, spawnedAt, stop, logs: () => output };
}

/** Milliseconds from the spawn to the first answer of `status` to the request, polled; null after the deadline. */
async function firstStatus(server, pathname, headers, status, deadline) {
  for (;;) {
    const response = await fetch(`${server.origin}${pathname}`, { headers }).catch(() => null);
    await response?.arrayBuffer();
    if (response?.status === status) return performance.now() - server.spawnedAt;
    if (performance.now() > deadline || server.child.exitCode !== null) return null;
    await sleep(POLL_MS);
  }
}

async function coldStart(ctx, server) {
  const user = ctx.creds.users[0];
  const deadline = performance.now() + 60_000;
  const checks = {
    ping: ["/api/ping", {}],
    "session-me": ["/api/session/me", { cookie: user.sessionCookie }],
    "token-me": ["/api/token/me", { cookie: user.tokenCookie }],
    "bearer-me": ["/api/bearer/me", { authorization: `Bearer ${user.accessToken}` }],
  };
  const times = Object.fromEntries(
    await Promise.all(
      Object.entries(checks).map(async ([name, [pathname, headers]]) => [
        name,
        await firstStatus(server, pathname, headers, 200, deadline),
      ]),
    ),
  );
  const text = Object.entries(times)
    .map(([name, ms]) => `${name} ${ms == null ? "never" : `${ms.toFixed(0)} ms`}`)
    .join(", ");
  ctx.log(`cold start, spawn → first 200: ${text}`);
  if (Object.values(times).some((ms) => ms == null)) ctx.log(`cold-start server output:\n${server.logs()}`);
  return times;
}

/** POST a JSON sign-in from `localAddress`; resolves with the status. */
function signInFrom(server, localAddress, body) {
  const url = new URL("/api/session/login", server.origin);
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: "127.0.0.1",
        port: url.port,
        path: url.pathname,
        method: "POST",
        localAddress,
        headers: {
          host: url.host,
          origin: server.origin,
          "content-type": "application/json",
          "content-length": Buffer.byteLength(payload),
        },
      },
      (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode));
      },
    );
    request.on("error", reject);
    request.end(payload);
  });
}

async function loginFlood(ctx, server) {
  const client = await benchDb(ctx);
  const attempts = ctx.opts.floodAttempts;
  // 127.0.0.0/8 is all loopback on Linux: a fresh address is a fresh per-address bucket.
  const localAddress = `127.${randomInt(1, 255)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;
  const counts = async () => {
    const { rows } = await client.query(
      "SELECT (SELECT count(*) FROM rate_limits)::int AS rate_limits, (SELECT count(*) FROM auth_events)::int AS auth_events",
    );
    return rows[0];
  };
  const before = await counts();
  const statuses = {};
  let sent = 0;
  const worker = async () => {
    while (sent < attempts) {
      const i = sent++;
      // Half unknown emails (each a new account key), half real accounts; every password wrong.
      const email =
        i % 2 === 0
          ? `flood-${randomBytes(6).toString("hex")}@bench.invalid`
          : ctx.creds.accounts[i % ctx.creds.accounts.length];
      const status = await signInFrom(server, localAddress, { email, password: `${PASSWORD} but wrong` });
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: 8 }, worker));
  const seconds = (performance.now() - t0) / 1000;
  const after = await counts();
  const limit = DEFAULT_LOGIN_LIMIT_PER_IP;
  const result = {
    attempts,
    fromAddress: localAddress,
    seconds,
    statuses,
    before,
    after,
    addedRateLimits: after.rate_limits - before.rate_limits,
    addedAuthEvents: after.auth_events - before.auth_events,
    // One address counter, plus one account counter per attempt under the address limit.
    maxRateLimits: 1 + limit,
    // One sign-in-failed event per attempt that reached the password check.
    maxAuthEvents: limit,
  };
  result.ok =
    result.addedRateLimits <= result.maxRateLimits &&
    result.addedAuthEvents <= result.maxAuthEvents &&
    (statuses[401] ?? 0) <= limit &&
    (statuses[401] ?? 0) + (statuses[429] ?? 0) === attempts;
  ctx.log(
    `login flood: ${attempts} wrong sign-ins from ${localAddress} in ${seconds.toFixed(1)} s ${JSON.stringify(statuses)}; ` +
      `rate_limits +${result.addedRateLimits} (≤ ${result.maxRateLimits}), auth_events +${result.addedAuthEvents} (≤ ${result.maxAuthEvents})`,
  );
  return result;
}

export async function coldStartAndFlood(ctx) {
  if (ctx.opts.pglite) {
    const skipped = "PGlite: one server process owns the folder";
    return { coldStart: { skipped }, loginFlood: { skipped } };
  }
  const port = ctx.opts.port + 3; // +1 and +2 are the ablation servers (bench/ablations.mjs)
  const server = spawnServer(ctx, port);
  try {
    const coldStartMs = await coldStart(ctx, server);
    const loginFloodResult = ctx.opts.floodAttempts > 0 ? await loginFlood(ctx, server) : { skipped: "--flood=0" };
    return { coldStart: { ms: coldStartMs }, loginFlood: loginFloodResult };
  } finally {
    await server.stop();
  }
}
