// Scale: session-me with a large sessions table (`--sessions=N`, default 1 000 000 in a full run, 20 000 in
// --quick), next to the small-table run measured by the check phases. The rows are seeded in SQL over many users
// (bench/seed.mjs), with expiries ten years ahead so no retention pass removes them during the run.
//
// The comparison is of ratios to ping measured in the same rounds (session-me / ping just before the seed against
// session-me / ping just after it, both in this phase), so machine drift is not charged to the table size.
import { measure, medianRow } from "./measure.mjs";
import { benchDb, seedFillerSessions, seedUsers } from "./seed.mjs";

/** Seeded sessions per seeded user: a million sessions over 100 000 users. */
const SESSIONS_PER_USER = 10;
/** Allowed slowdown of session-me (as a share of ping) at N sessions against the small table. */
export const SCALE_TOLERANCE = 0.1;

/** session-me and ping in interleaved rounds; the median of session-me's share of ping over the rounds. */
async function sessionVsPing(ctx, label) {
  const { endpoints: eps, opts } = ctx;
  const runs = { ping: [], session: [] };
  for (let round = 1; round <= opts.rounds; round++) {
    runs.ping.push(await measure(ctx, `ping@${label}`, eps.ping));
    runs.session.push(await measure(ctx, `session-me@${label}`, eps["session-me"]));
  }
  const ratios = runs.session.map((s, i) => s.reqPerSec / runs.ping[i].reqPerSec).sort((a, b) => a - b);
  const mid = Math.floor(ratios.length / 2);
  return {
    ping: medianRow(`ping@${label}`, runs.ping),
    session: medianRow(`session-me@${label}`, runs.session),
    vsPing: ratios.length % 2 ? ratios[mid] : (ratios[mid - 1] + ratios[mid]) / 2,
  };
}

const summary = ({ session, vsPing }) => ({
  reqPerSec: session.reqPerSec,
  vsPing,
  p99Ms: session.p99Ms,
  cpuUsPerReq: session.cpuUsPerReq,
  unexpected: session.unexpected,
});

/**
 * session-me against ping with the table as the run left it (a few dozen rows), then the same after seeding N
 * filler sessions: the two halves of one phase, each against its own pings.
 */
export async function scale(ctx) {
  const n = ctx.opts.sessions;
  if (!n) return { scale: { skipped: "--sessions=0" } };
  const client = await benchDb(ctx);
  if (!client) return { scale: { skipped: "PGlite: the scale phase runs on Postgres" } };

  const { rows: before } = await client.query("SELECT count(*)::int AS n FROM sessions");
  const small = await sessionVsPing(ctx, before[0].n);

  const started = Date.now();
  const users = await seedUsers(ctx, client, Math.max(1, Math.ceil(n / SESSIONS_PER_USER)), "scale");
  await seedFillerSessions(client, users, n);
  const { rows: count } = await client.query("SELECT count(*)::int AS n FROM sessions");
  const { rows: size } = await client.query("SELECT pg_total_relation_size('sessions')::bigint AS bytes");
  const seedSeconds = (Date.now() - started) / 1000;
  ctx.log(
    `scale: seeded ${n} sessions over ${users.length} users in ${seedSeconds.toFixed(1)} s ` +
      `(table now ${count[0].n} rows, ${(Number(size[0].bytes) / 2 ** 20).toFixed(0)} MB with indexes)`,
  );
  const large = await sessionVsPing(ctx, count[0].n);
  return {
    rows: [small.ping, small.session, large.ping, large.session],
    scale: {
      sessions: n,
      tableRowsBefore: before[0].n,
      tableRows: count[0].n,
      tableBytes: Number(size[0].bytes),
      seededUsers: users.length,
      seedSeconds,
      small: summary(small),
      large: summary(large),
      /** session-me at N as a share of its small-table self, each against its own ping. */
      relative: large.vsPing / small.vsPing,
    },
  };
}
