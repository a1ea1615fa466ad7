// The phases of a run, in the order they run. A phase is `async (ctx, outcome) => part`: it measures against
// ctx.server with ctx.endpoints (bench/endpoints.mjs) and returns its part of the outcome. `rows` are appended to
// the table, results.json and the chart, in order; any other key is kept as is and written to results.json under
// that name (bench/report.mjs). To add a phase: write it here and put it in PHASES (and, when it has a target, add
// its verdict in report.mjs).
import { cannon, cannonAmount, measure, medianRow, serverCpuSeconds, summarise } from "./measure.mjs";
import { ablations } from "./ablations.mjs";
import { cookiesOf, expectStatus, PASSWORD } from "./setup.mjs";

/**
 * The baselines, the check endpoints and their library-default peers (bench/endpoints.mjs), measured in
 * interleaved rounds; each check sits next to its peer.
 */
export const CHECKS = [
  "ping",
  "ping-cookies",
  "ping-session",
  "session-me",
  "iron-session-peer",
  "ping-token",
  "token-me",
  "nextauth-peer",
  "ping-bearer",
  "bearer-me",
  "jose-peer",
];

/**
 * Each check endpoint and the baseline in rounds (ping, session, token, bearer, ping, …), each endpoint's median
 * over the rounds reported: on a shared machine the load drifts, and interleaving spreads the drift over all
 * endpoints instead of charging it to whichever ran during a busy moment. Every row keeps its rounds (`runs`).
 */
async function checks(ctx) {
  const { endpoints: eps, opts } = ctx;
  ctx.log(`warming up: ${opts.warmupRequests} requests per endpoint`);
  for (const name of CHECKS) await cannonAmount(ctx, eps[name], opts.warmupRequests);
  const runs = Object.fromEntries(CHECKS.map((name) => [name, []]));
  for (let round = 1; round <= opts.rounds; round++) {
    if (opts.rounds > 1) ctx.log(`round ${round} of ${opts.rounds}`);
    for (const name of CHECKS) runs[name].push(await measure(ctx, name, eps[name]));
  }
  runs.ping.push(await measure(ctx, "ping", eps.ping)); // the baseline once more, at the end
  const baseline = medianRow("ping", runs.ping);
  return { baseline, rows: [baseline, ...CHECKS.slice(1).map((name) => medianRow(name, runs[name]))] };
}

/** Sign-in throughput of each area. */
async function signIns(ctx) {
  // A sign-in takes milliseconds of argon2id, so these phases get at least 3 s to complete a useful number.
  const seconds = Math.max(ctx.opts.duration, 3);
  const rows = [];
  for (const name of ["session-login", "nextauth-login", "bearer-login"]) {
    rows.push(await measure(ctx, name, ctx.endpoints[name], seconds));
  }
  return { rows };
}

/** The baseline route while sign-ins (argon2id on the thread pool) run at the same time. */
async function argon2(ctx) {
  const { endpoints: eps, opts } = ctx;
  const cpuBefore = serverCpuSeconds(ctx.server);
  const [ping, signIns] = await Promise.all([
    cannon(ctx, eps.ping, opts.duration),
    cannon(ctx, eps["session-login"], opts.duration, opts.signinBackground),
  ]);
  const cpu = serverCpuSeconds(ctx.server) - cpuBefore;
  const row = summarise("ping+sign-ins", ping, cpu);
  const background = summarise("session-login (background)", signIns, 0);
  ctx.log(
    `ping while ${opts.signinBackground} clients sign in: ${row.reqPerSec.toFixed(0)} req/s  p99 ${row.p99Ms} ms; ` +
      `sign-ins ${background.reqPerSec.toFixed(0)}/s p99 ${background.p99Ms} ms`,
  );
  return { argon2: { ping: row, signIns: { ...background, cpuUsPerReq: null } } };
}

/** Sign-out must still take effect on the very next request, whatever the session side caches. */
async function revocation(ctx) {
  const { server } = ctx;
  const email = ctx.creds.accounts[1];
  const login = await expectStatus(
    await server.send("POST", "/api/session/login", { json: { email, password: PASSWORD } }),
    200,
    "sign-in",
  );
  const cookie = cookiesOf(login).join("; ");
  const me = () => server.send("GET", "/api/session/me", { cookie }).then((r) => r.status);
  const before = [await me(), await me()];
  const logout = await server.send("POST", "/api/session/logout", { cookie, json: { scope: "this" } });
  await expectStatus(logout, 200, "sign-out");
  const after = await me();
  const result = { before, after, ok: before.every((s) => s === 200) && after === 401 };
  ctx.log(`sign-out effective on the next request: ${result.ok ? "yes" : "NO"} (${result.before} → ${result.after})`);
  return { revocation: result };
}

export const PHASES = [checks, ablations, signIns, argon2, revocation];
