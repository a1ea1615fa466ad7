// Memory: the server's resident set before and after a stream of requests over more distinct credentials than
// the caches of verified credentials hold (10 000 entries each: lib/server/expiring-cache.ts), to show the caps
// hold. Full run: 20 000 credentials of each kind (sessions, next-auth tokens, bearer tokens) and 100 000
// requests in all, interleaved by kind, so every cache sees twice its cap. The credentials are made without 20 000
// argon2 hashes: users and session rows in SQL, seals, JWEs and JWSs made by the harness with the server's own
// secrets (bench/seed.mjs).
import { readFileSync } from "node:fs";
import autocannon from "autocannon";
import { processTree } from "./measure.mjs";
import { bearerTokens, benchDb, seedSessions, seedUsers, tokenCookies } from "./seed.mjs";
import { expectStatus } from "./setup.mjs";

export const RSS_GROWTH_LIMIT_MB = 64;

/** Resident set of the server's process tree, in MB (VmRSS from /proc). */
export function serverRssMb(server) {
  let kb = 0;
  for (const pid of processTree(server.process.pid)) {
    try {
      const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
      if (match) kb += Number(match[1]);
    } catch {
      // exited meanwhile
    }
  }
  return kb / 1024;
}

const KINDS = [
  { name: "session", path: "/api/session/me", header: (c) => ({ cookie: c }) },
  { name: "token", path: "/api/token/me", header: (c) => ({ cookie: c }) },
  { name: "bearer", path: "/api/bearer/me", header: (t) => ({ authorization: `Bearer ${t}` }) },
];

export async function memory(ctx) {
  const { credentials, requests } = ctx.opts.memory;
  if (!credentials) return { memory: { skipped: "--memory-credentials=0" } };
  const client = await benchDb(ctx);
  if (!client) return { memory: { skipped: "PGlite: the memory phase runs on Postgres" } };
  const { server } = ctx;

  const started = Date.now();
  const users = await seedUsers(ctx, client, credentials, "memory");
  const creds = {
    session: await seedSessions(ctx, client, users),
    token: await tokenCookies(ctx, users),
    bearer: await bearerTokens(ctx, users),
  };
  ctx.log(`memory: ${credentials} credentials of each kind made in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  // Each kind must really be accepted before the phase means anything.
  for (const kind of KINDS) {
    const [first] = creds[kind.name];
    const h = kind.header(first);
    await expectStatus(
      await server.send("GET", kind.path, h.cookie ? { cookie: h.cookie } : { bearer: first }),
      200,
      `seeded ${kind.name} credential`,
    );
  }

  let next = 0;
  const request = {
    method: "GET",
    path: "/api/ping",
    setupRequest: (req) => {
      const i = next++;
      const kind = KINDS[i % KINDS.length];
      const list = creds[kind.name];
      return { ...req, path: kind.path, headers: kind.header(list[Math.floor(i / KINDS.length) % list.length]) };
    },
  };
  // In five equal steps, with RSS after each: growth that stops once the caches are full is their footprint;
  // growth that goes on is a leak.
  const STEPS = 5;
  const rssBefore = serverRssMb(server);
  const samples = [rssBefore];
  const t0 = Date.now();
  let total = 0;
  let ok = 0;
  let failed = 0;
  for (let step = 0; step < STEPS; step++) {
    const amount = Math.floor(requests / STEPS) + (step < requests % STEPS ? 1 : 0);
    const result = await autocannon({
      url: ctx.origin,
      connections: ctx.opts.connections,
      amount,
      requests: [request],
    });
    total += result.requests.total;
    ok += result["2xx"];
    failed += result.errors + result.timeouts;
    samples.push(serverRssMb(server));
  }
  const seconds = (Date.now() - t0) / 1000;
  const rssAfter = samples.at(-1);
  const growth = rssAfter - rssBefore;
  const lastSteps = rssAfter - samples[Math.floor(STEPS / 2) + 1];
  ctx.log(
    `memory: ${total} requests over ${credentials} × ${KINDS.length} credentials in ${seconds.toFixed(0)} s ` +
      `(${ok} answered 2xx): RSS ${samples.map((mb) => mb.toFixed(0)).join(" → ")} MB ` +
      `(${growth >= 0 ? "+" : ""}${growth.toFixed(1)} MB; last ${STEPS - Math.floor(STEPS / 2) - 1} steps ${lastSteps >= 0 ? "+" : ""}${lastSteps.toFixed(1)} MB)`,
  );
  return {
    memory: {
      credentialsPerKind: credentials,
      requests: total,
      ok,
      unexpected: total - ok + failed,
      seconds,
      rssBeforeMb: rssBefore,
      rssAfterMb: rssAfter,
      growthMb: growth,
      /** RSS after each fifth of the requests, starting with the value before. */
      rssStepsMb: samples,
      /** Growth over the last steps, when every cache has long been full. */
      lateGrowthMb: lastSteps,
    },
  };
}
