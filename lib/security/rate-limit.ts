import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";

/**
 * A fixed-window rate limiter whose counters live in Postgres (table rate_limits), so every app instance sees
 * the same counts. One atomic statement per hit: insert, or increment, or start a new window when the old one
 * has ended.
 */

export type Limit = { limit: number; windowSeconds: number };
export type LimitResult = { ok: boolean; count: number; retryAfterSeconds: number };

/**
 * The limits of the app, in one place (README "Rate limits"). Windows are short so that a limit never locks
 * the real owner out for long; per-IP limits are generous (offices and phones share addresses) and can be
 * raised with LOGIN_LIMIT_PER_IP / SIGNUP_LIMIT_PER_IP.
 */
export function limits() {
  const config = env();
  return {
    /** Sign-in attempts per account (all spellings of an email count as one). */
    loginPerAccount: { limit: config.LOGIN_LIMIT_PER_ACCOUNT, windowSeconds: 15 * 60 },
    /** Sign-in attempts per client IP, across accounts. */
    loginPerIp: { limit: config.LOGIN_LIMIT_PER_IP, windowSeconds: 15 * 60 },
    /** Sign-up attempts per client IP. */
    signupPerIp: { limit: config.SIGNUP_LIMIT_PER_IP, windowSeconds: 60 * 60 },
    /** Sign-up attempts per email (a burst of 20 duplicates still gets 19 clear "already registered" answers). */
    signupPerAccount: { limit: 25, windowSeconds: 60 * 60 },
    /** Refresh-token uses per IP. */
    refreshPerIp: { limit: config.LOGIN_LIMIT_PER_IP * 4, windowSeconds: 15 * 60 },
    /** Password-change attempts per account. */
    passwordChangePerAccount: { limit: 10, windowSeconds: 15 * 60 },
  } satisfies Record<string, Limit>;
}

const HIT = `
INSERT INTO rate_limits (key, count, reset_at)
VALUES ($1, 1, now() + make_interval(secs => $2))
ON CONFLICT (key) DO UPDATE SET
  count    = CASE WHEN rate_limits.reset_at <= now() THEN 1 ELSE rate_limits.count + 1 END,
  reset_at = CASE WHEN rate_limits.reset_at <= now() THEN now() + make_interval(secs => $2) ELSE rate_limits.reset_at END
RETURNING count, GREATEST(1, CEIL(EXTRACT(EPOCH FROM (reset_at - now()))))::int AS retry_after`;

/** Counts one attempt against `key`; `ok` is false once the count goes over the limit. */
export async function hit(key: string, { limit, windowSeconds }: Limit): Promise<LimitResult> {
  const database = await db();
  const rows = await database.sql<{ count: number; retry_after: number }>(HIT, [key, windowSeconds], "rate_limit_hit");
  const row = rows[0]!;
  return { ok: row.count <= limit, count: row.count, retryAfterSeconds: row.retry_after };
}

/** Counts one attempt against each key; the result is the most restrictive. */
export async function hitAll(entries: Array<[string, Limit]>): Promise<LimitResult> {
  const results = await Promise.all(entries.map(([key, limit]) => hit(key, limit)));
  const blocked = results.filter((r) => !r.ok);
  if (blocked.length === 0) return { ok: true, count: Math.max(...results.map((r) => r.count)), retryAfterSeconds: 0 };
  return {
    ok: false,
    count: Math.max(...blocked.map((r) => r.count)),
    retryAfterSeconds: Math.max(...blocked.map((r) => r.retryAfterSeconds)),
  };
}

/** Forgets the counters of `key` (after a successful sign-in the account's failures no longer count). */
export async function reset(key: string): Promise<void> {
  const database = await db();
  await database.sql(`DELETE FROM rate_limits WHERE key = $1`, [key], "rate_limit_reset");
}

/** Deletes windows that ended long ago; called opportunistically. */
export async function sweep(): Promise<void> {
  const database = await db();
  await database.sql(`DELETE FROM rate_limits WHERE reset_at < now() - interval '1 day'`);
}

// provisional, replaced by the abuse branch
/** Deletes at most `batch` buckets whose window ended before `now`; the number deleted. */
export async function sweepRateLimits(options: { batch?: number; now?: Date } = {}): Promise<number> {
  const database = await db();
  const rows = await database.sql(
    `DELETE FROM rate_limits WHERE key IN (
       SELECT key FROM rate_limits WHERE reset_at <= $1 LIMIT $2 FOR UPDATE SKIP LOCKED
     ) RETURNING 1`,
    [options.now ?? new Date(), options.batch ?? 1000],
    "rate_limit_sweep",
  );
  return rows.length;
}
