// Ablations: each cache of verified credentials and the batched session lookup, measured on and off in the same
// run. The "off" rows come from more `next start` processes of the same build on the same database, started with
// BENCH_ABLATE (read once at start-up, and only in the benchmark's build: lib/server/bench-build.ts), carrying the
// same users' credentials. On and off run interleaved, round by round, like the checks (bench/phases.mjs).
import { cannonAmount, measure, medianRow } from "./measure.mjs";
import { startBenchServer } from "./setup.mjs";

/** What is switched off, on which endpoint, and on which extra server (one per set of switches). */
export const ABLATIONS = [
  { name: "unseal-cache", endpoint: "session-me", server: "caches-off", label: "seal unseal cache (session-me)" },
  { name: "session-batch", endpoint: "session-me", server: "batch-off", label: "batched session lookup (session-me)" },
  { name: "decode-cache", endpoint: "token-me", server: "caches-off", label: "next-auth decode cache (token-me)" },
  { name: "verify-cache", endpoint: "bearer-me", server: "caches-off", label: "bearer verify cache (bearer-me)" },
];
const SERVERS = {
  "caches-off": { offset: 1, ablate: "unseal-cache,decode-cache,verify-cache" },
  "batch-off": { offset: 2, ablate: "session-batch" },
};
/** An optimisation earns its place with at least this much more throughput than its ablation row. */
export const MIN_ABLATION_GAIN = 1.1;

export async function ablations(ctx) {
  const { endpoints: eps, opts } = ctx;
  const servers = {};
  for (const [key, { offset, ablate }] of Object.entries(SERVERS)) {
    servers[key] = await startBenchServer(ctx, ctx.dbEnv, {
      port: opts.port + offset,
      name: `next start (${key})`,
      env: { BENCH_ABLATE: ablate },
    });
    ctx.log(`ablation server ${key} (BENCH_ABLATE=${ablate}) is up on ${servers[key].url}`);
  }
  const on = (server) => ({ ...ctx, server, origin: server.url });
  // The "on" rows are measured again here, interleaved with their ablations: a ratio of two rows measured
  // seconds apart, not minutes.
  const plan = [
    ...[...new Set(ABLATIONS.map((a) => a.endpoint))].map((endpoint) => ({ key: endpoint, endpoint, c: ctx })),
    ...ABLATIONS.map((a) => ({ key: `${a.endpoint} −${a.name}`, endpoint: a.endpoint, c: on(servers[a.server]) })),
  ];
  try {
    for (const step of plan) await cannonAmount(step.c, eps[step.endpoint], opts.warmupRequests);
    const runs = Object.fromEntries(plan.map((s) => [s.key, []]));
    for (let round = 1; round <= opts.rounds; round++) {
      if (opts.rounds > 1) ctx.log(`ablations: round ${round} of ${opts.rounds}`);
      for (const step of plan) runs[step.key].push(await measure(step.c, step.key, eps[step.endpoint]));
    }
    const rows = Object.fromEntries(plan.map((s) => [s.key, medianRow(s.key, runs[s.key])]));
    const results = ABLATIONS.map((a) => {
      const withIt = rows[a.endpoint];
      const without = rows[`${a.endpoint} −${a.name}`];
      return {
        ...a,
        gain: withIt.reqPerSec / without.reqPerSec,
        cpuSaved: without.cpuUsPerReq - withIt.cpuUsPerReq,
        on: withIt,
        off: without,
      };
    });
    return { rows: ABLATIONS.map((a) => rows[`${a.endpoint} −${a.name}`]), ablations: results };
  } finally {
    for (const server of Object.values(servers)) await server.stop();
  }
}

/** The verdict for each ablation (bench/report.mjs). */
export function ablationVerdicts({ ablations: results = [] }) {
  return results.map((a) => ({
    name: `ablation-${a.name}`,
    target: `${a.label} earns ≥ ${Math.round((MIN_ABLATION_GAIN - 1) * 100)} % over its ablation row`,
    ratio: a.gain,
    detail: `×${a.gain.toFixed(2)} (${a.on.reqPerSec.toFixed(0)} vs ${a.off.reqPerSec.toFixed(0)} req/s; CPU ${a.on.cpuUsPerReq?.toFixed(0)} vs ${a.off.cpuUsPerReq?.toFixed(0)} µs/req)`,
    pass: a.gain >= MIN_ABLATION_GAIN && a.on.unexpected === 0 && a.off.unexpected === 0,
  }));
}

/** The table of ablations the report prints. */
export function ablationLines({ ablations: results = [] }) {
  if (results.length === 0) return [];
  return [
    "Ablations (on vs off, same run, interleaved):",
    ...results.map(
      (a) =>
        `  ${a.label.padEnd(38)} on ${a.on.reqPerSec.toFixed(0).padStart(6)} req/s ${a.on.cpuUsPerReq?.toFixed(0).padStart(5)} µs CPU` +
        `   off ${a.off.reqPerSec.toFixed(0).padStart(6)} req/s ${a.off.cpuUsPerReq?.toFixed(0).padStart(5)} µs CPU   ×${a.gain.toFixed(2)}`,
    ),
  ];
}
