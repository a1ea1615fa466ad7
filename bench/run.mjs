#!/usr/bin/env node
// `npm run bench [-- --quick] [-- --pglite] [-- --skip-build] [-- --duration=<s>]`
//
// Measures what each way of checking "who is this?" costs, against an unauthenticated baseline route measured
// in the same run on the same machine: builds the app (into .next-bench), starts `next start` against a fresh
// Postgres database (or a fresh PGlite folder), prepares credentials through the real endpoints, drives every
// endpoint with autocannon at a fixed concurrency, and reads the server's CPU time from /proc around each phase.
// Prints a table, writes bench/results.json and bench/chart.svg. README "Benchmark" explains how to read it;
// docs/decisions/0030-performance.md records the numbers.
//
// This file is the command line and the order of a run. bench/setup.mjs: database, build, server (through
// test/server-harness.mjs), sign-ins. bench/endpoints.mjs: the requests. bench/phases.mjs: what is measured, phase
// by phase; bench/ablations.mjs: the checks with each cache or the batch switched off, on servers of their own.
// bench/measure.mjs: autocannon and CPU from /proc. bench/report.mjs: verdicts, table, JSON, chart.
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { endpoints } from "./endpoints.mjs";
import { PHASES } from "./phases.mjs";
import { SCALE_PHASES, scaleOptions } from "./scale-phases.mjs";
import { exitCode, printReport, redrawChart, resultsOf, writeResults } from "./report.mjs";
import { build, prepareCredentials, prepareDatabase, startBenchServer } from "./setup.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const flag = (name) => args.includes(`--${name}`);
const option = (name, fallback) => {
  const hit = args.find((a) => a.startsWith(`--${name}=`));
  return hit ? hit.slice(name.length + 3) : fallback;
};

const QUICK = flag("quick");
const CONNECTIONS = Number(option("connections", "16"));
/** Accounts the sign-in load spreads over, so the per-account limit never answers 429. */
const ACCOUNTS = 32;
const opts = {
  quick: QUICK,
  pglite: flag("pglite"),
  skipBuild: flag("skip-build"),
  port: Number(option("port", process.env.BENCH_PORT ?? "3400")),
  dist: option("dist", process.env.NEXT_DIST_DIR ?? ".next-bench"),
  connections: CONNECTIONS,
  duration: Number(option("duration", QUICK ? "2" : "6")), // seconds per measured phase
  warmup: Number(option("warmup", QUICK ? "1" : "2")), // seconds before each phase, not measured
  /** Requests per endpoint before anything is measured, so every code path is compiled by the JIT first. */
  warmupRequests: Number(option("warmup-requests", QUICK ? "300" : "2000")),
  /** Rounds of the check phases (bench/phases.mjs): each endpoint's median over them is reported. */
  rounds: Number(option("rounds", QUICK ? "1" : "5")),
  /**
   * Clients signing in back to back during the argon2 check. One keeps one argon2id hash running at all times
   * (≈ 200 sign-ins/s of capacity); more than one on a 2-core machine measures CPU saturation, not the event loop.
   */
  signinBackground: Number(option("signin-connections", "1")),
  accounts: ACCOUNTS,
  /**
   * Signed-in users behind the check endpoints: each request carries the next user's credential, so the checks
   * see what a server with many users sees (different cookies and tokens, different session rows) and not one
   * user's credential over and over. Default: one per connection.
   */
  users: Math.max(1, Math.min(ACCOUNTS, Number(option("users", String(CONNECTIONS))) || 1)),
  // --sessions=<n>, --memory-credentials=<n>, --memory-requests=<n>, --flood=<n> (bench/scale-phases.mjs)
  ...scaleOptions(option, QUICK),
};

/** What every part of a run shares; setup fills in server, creds and endpoints. */
const ctx = {
  opts,
  root: ROOT,
  origin: `http://localhost:${opts.port}`,
  log: (...m) => console.log(`[bench] ${m.join(" ")}`),
  /** Undone in reverse order when the run ends, however it ends. */
  cleanups: [],
};

// ---------------------------------------------------------------------------------------------- lifecycle

let cleaning = false;
async function cleanup() {
  if (cleaning) return;
  cleaning = true;
  for (const fn of ctx.cleanups.reverse()) {
    try {
      await fn();
    } catch (error) {
      console.error("[bench] cleanup:", error.message);
    }
  }
}
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, async () => {
    await cleanup();
    process.exit(130);
  });
}

// ------------------------------------------------------------------------------------------------- main

async function main() {
  if (flag("chart-only")) {
    redrawChart(ROOT);
    ctx.log("redrew bench/chart.svg from bench/results.json");
    return 0;
  }
  const started = Date.now();
  const loadBefore = os.loadavg().map((l) => Number(l.toFixed(2)));
  ctx.log(
    `${QUICK ? "quick smoke run" : "full run"}: ${opts.connections} connections, ${opts.users} signed-in users, ${opts.duration} s per phase, load ${loadBefore.join(" ")}`,
  );
  const dbEnv = prepareDatabase(ctx);
  build(ctx, dbEnv);
  ctx.dbEnv = dbEnv;
  ctx.server = await startBenchServer(ctx, dbEnv);
  ctx.log(`next start is up on ${ctx.origin} (pid ${ctx.server.process.pid})`);
  ctx.creds = await prepareCredentials(ctx, ctx.server);
  ctx.endpoints = endpoints(ctx, ctx.creds);

  const outcome = { rows: [] };
  for (const phase of [...PHASES, ...SCALE_PHASES]) {
    const { rows = [], ...part } = await phase(ctx, outcome);
    outcome.rows.push(...rows);
    Object.assign(outcome, part);
  }

  const results = resultsOf(opts, outcome, { started, loadBefore });
  writeResults(ROOT, results);
  printReport(results);
  return exitCode(results);
}

let code = 1;
try {
  code = await main();
} catch (error) {
  console.error(`[bench] failed: ${error.stack ?? error}`);
  code = 2;
} finally {
  await cleanup();
}
process.exit(code);
