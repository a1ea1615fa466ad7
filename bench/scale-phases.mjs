// The phases beyond the checks (issue 19, items 4–6) and their verdicts: sign-in CPU as a multiple of argon2id
// (bench/sign-in.mjs), session-me at N sessions (bench/scale.mjs), RSS over more credentials than the caches hold
// (bench/memory.mjs), cold start and the login flood (bench/cold-start.mjs). run.mjs runs them after PHASES;
// report.mjs appends `scaleVerdicts` to its targets.
import { coldStartAndFlood } from "./cold-start.mjs";
import { memory, RSS_GROWTH_LIMIT_MB } from "./memory.mjs";
import { scale, SCALE_TOLERANCE } from "./scale.mjs";
import { signInCost } from "./sign-in.mjs";

export const SCALE_PHASES = [signInCost, scale, memory, coldStartAndFlood];

/** The options of these phases, from the command line (`option(name, fallback)` as run.mjs reads them). */
export function scaleOptions(option, quick) {
  return {
    /** Filler rows in `sessions` for the scale phase; 0 skips it. */
    sessions: Number(option("sessions", quick ? "20000" : "1000000")),
    memory: {
      /** Distinct credentials of each kind in the memory phase (the caches hold 10 000 each); 0 skips it. */
      credentials: Number(option("memory-credentials", quick ? "2000" : "20000")),
      /** Requests in the memory phase, over all kinds. */
      requests: Number(option("memory-requests", quick ? "6000" : "100000")),
    },
    /** Wrong-password sign-ins in the login-flood phase; 0 skips it. */
    floodAttempts: Number(option("flood", quick ? "300" : "2000")),
  };
}

/** A phase that did not run (PGlite, or its size set to 0): reported, neither PASS nor FAIL. */
const skipped = (name, target, part) => ({ name, target, ratio: null, pass: null, skipped: true, value: part.skipped });

/** A verdict per target of these phases; a skipped phase is reported as such. */
export function scaleVerdicts({ signInCost: cost, scale: sc, memory: mem, coldStart, loginFlood }) {
  const targets = [];
  for (const area of cost?.areas ?? []) {
    targets.push({
      name: `${area.name}-cpu`,
      target: `CPU per ${area.name} ≤ ${area.max}× one argon2id verification`,
      ratio: area.multiple,
      pass: area.multiple <= area.max && area.unexpected === 0,
      value: `${area.multiple.toFixed(2)}× (${(area.cpuUsPerSignIn / 1000).toFixed(2)} ms vs ${(cost.argon2.cpuUsPerHash / 1000).toFixed(2)} ms)`,
    });
  }
  const scaleTarget = `session-me at ${sc?.sessions ?? "N"} sessions within ${SCALE_TOLERANCE * 100} % of the small table (vs its ping)`;
  if (!sc || sc.skipped) targets.push(skipped("scale", scaleTarget, sc ?? { skipped: "not run" }));
  else
    targets.push({
      name: "scale",
      target: scaleTarget,
      ratio: sc.relative,
      pass: sc.relative >= 1 - SCALE_TOLERANCE && sc.large.unexpected === 0,
      value: `${(sc.relative * 100).toFixed(0)} % (${sc.large.reqPerSec.toFixed(0)} req/s at ${sc.tableRows} rows, ${(sc.large.vsPing * 100).toFixed(0)} % of ping; small table ${(sc.small.vsPing * 100).toFixed(0)} %)`,
    });
  const memTarget = `RSS growth ≤ ${RSS_GROWTH_LIMIT_MB} MB over ${mem?.requests ?? "the"} requests, ${mem?.credentialsPerKind ?? "N"} credentials of each kind`;
  if (!mem || mem.skipped) targets.push(skipped("memory", memTarget, mem ?? { skipped: "not run" }));
  else
    targets.push({
      name: "memory",
      target: memTarget,
      ratio: mem.growthMb,
      pass: mem.growthMb <= RSS_GROWTH_LIMIT_MB && mem.unexpected === 0,
      value: `${mem.growthMb >= 0 ? "+" : ""}${mem.growthMb.toFixed(1)} MB (RSS ${mem.rssStepsMb.map((mb) => mb.toFixed(0)).join(" → ")} MB, one step per fifth of the requests; ${mem.unexpected} unexpected)`,
    });
  const floodTarget = "login flood: rate_limits and auth_events grow by at most one address's allowance";
  if (!loginFlood || loginFlood.skipped)
    targets.push(skipped("login-flood", floodTarget, loginFlood ?? { skipped: "not run" }));
  else
    targets.push({
      name: "login-flood",
      target: floodTarget,
      ratio: null,
      pass: loginFlood.ok,
      value: `rate_limits +${loginFlood.addedRateLimits} (≤ ${loginFlood.maxRateLimits}), auth_events +${loginFlood.addedAuthEvents} (≤ ${loginFlood.maxAuthEvents}) after ${loginFlood.attempts} attempts ${JSON.stringify(loginFlood.statuses)}`,
    });
  const coldTarget = "cold start: every check answers 200 after a fresh spawn (time reported, no limit)";
  if (!coldStart || coldStart.skipped)
    targets.push(skipped("cold-start", coldTarget, coldStart ?? { skipped: "not run" }));
  else
    targets.push({
      name: "cold-start",
      target: coldTarget,
      ratio: null,
      pass: Object.values(coldStart.ms).every((ms) => ms != null),
      value: Object.entries(coldStart.ms)
        .map(([name, ms]) => `${name} ${ms == null ? "never" : `${(ms / 1000).toFixed(2)} s`}`)
        .join(", "),
    });
  return targets;
}
