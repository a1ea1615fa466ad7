// Measuring: autocannon runs of an endpoint at a fixed concurrency, the server's CPU time from /proc around them,
// and the rows they make (one run, or the median of several).
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import autocannon from "autocannon";

const CLK_TCK = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout.trim()) || 100;

// ------------------------------------------------------------------------------------------ CPU from /proc

export function processTree(rootPid) {
  const parents = new Map();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      parents.set(Number(entry), Number(fields[1]));
    } catch {
      // gone meanwhile
    }
  }
  const tree = [rootPid];
  for (let i = 0; i < tree.length; i++) for (const [pid, ppid] of parents) if (ppid === tree[i]) tree.push(pid);
  return tree;
}

/** utime + stime of the server and its descendants, in seconds. */
export function serverCpuSeconds(server) {
  let ticks = 0;
  for (const pid of processTree(server.process.pid)) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of stat)
    } catch {
      // exited meanwhile
    }
  }
  return ticks / CLK_TCK;
}

// ------------------------------------------------------------------------------------------- autocannon

/** autocannon's request for an endpoint: a fixed one, or one built per request (the next user, the next body). */
function requestOf(endpoint) {
  const { setupRequest, headersFor, method, path: pathname, headers = {} } = endpoint;
  let next = 0;
  const setup = headersFor ? (req) => ({ ...req, headers: { ...headers, ...headersFor(next++) } }) : setupRequest;
  return [{ method, path: pathname, headers, ...(setup ? { setupRequest: setup } : {}) }];
}

/** Drives an endpoint for `seconds`; resolves with autocannon's result and the status the endpoint expects. */
export function cannon(ctx, endpoint, seconds, connections = ctx.opts.connections) {
  return autocannon({
    url: `${ctx.origin}`,
    connections,
    duration: seconds,
    expectBody: undefined,
    requests: requestOf(endpoint),
  }).then((result) => ({ result, expect: endpoint.expect }));
}

/** Fires a fixed number of requests (warm-up), unmeasured. */
export function cannonAmount(ctx, endpoint, amount) {
  return autocannon({ url: ctx.origin, connections: ctx.opts.connections, amount, requests: requestOf(endpoint) });
}

// ------------------------------------------------------------------------------------------------- rows

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** One row from several runs of an endpoint: the median of each measure; unexpected answers are summed. */
export function medianRow(name, runs) {
  if (runs.length === 1) return { ...runs[0], runs };
  return {
    name,
    reqPerSec: median(runs.map((r) => r.reqPerSec)),
    p50Ms: median(runs.map((r) => r.p50Ms)),
    p99Ms: median(runs.map((r) => r.p99Ms)),
    cpuUsPerReq: median(runs.map((r) => r.cpuUsPerReq)),
    requests: runs.reduce((sum, r) => sum + r.requests, 0),
    expectedStatus: runs[0].expectedStatus,
    unexpected: runs.reduce((sum, r) => sum + r.unexpected, 0),
    statuses: runs.reduce((all, r) => {
      for (const [code, n] of Object.entries(r.statuses)) all[code] = (all[code] ?? 0) + n;
      return all;
    }, {}),
    runs,
  };
}

/** One row from one autocannon run and the server CPU time it took. */
export function summarise(name, { result, expect }, cpuSeconds) {
  const total = result.requests.total;
  const statuses = result.statusCodeStats ?? {};
  const good = Number(statuses[expect]?.count ?? (expect === 200 ? result["2xx"] : 0));
  return {
    name,
    reqPerSec: total / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    cpuUsPerReq: total > 0 ? (cpuSeconds / total) * 1e6 : null,
    requests: total,
    expectedStatus: expect,
    unexpected: total - good + result.errors + result.timeouts,
    statuses: Object.fromEntries(Object.entries(statuses).map(([code, s]) => [code, s.count])),
  };
}

/** One measured phase of an endpoint: an unmeasured warm-up, then `seconds` of load with the server's CPU time. */
export async function measure(ctx, name, endpoint, seconds = ctx.opts.duration) {
  if (ctx.opts.warmup > 0) await cannon(ctx, endpoint, ctx.opts.warmup);
  await endpoint.refresh?.();
  const cpuBefore = serverCpuSeconds(ctx.server);
  const outcome = await cannon(ctx, endpoint, seconds);
  const cpu = serverCpuSeconds(ctx.server) - cpuBefore;
  const row = summarise(name, outcome, cpu);
  ctx.log(
    `${name.padEnd(15)} ${row.reqPerSec.toFixed(0).padStart(6)} req/s  p50 ${row.p50Ms} ms  p99 ${row.p99Ms} ms  ` +
      `${row.cpuUsPerReq?.toFixed(0)} µs CPU/req${row.unexpected ? `  (${row.unexpected} unexpected: ${JSON.stringify(row.statuses)})` : ""}`,
  );
  return row;
}
