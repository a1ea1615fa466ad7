import "server-only";
import { createHash } from "node:crypto";
import { db } from "@/lib/server/db";
import { env } from "@/lib/server/env";
import { ipBucket } from "@/lib/server/client-ip";

/**
 * Fixed-window counters in Postgres (table rate_limits), so every app instance sees the same counts
 * (docs/decisions/0003, 0075). SECURITY.md "Abuse limits" states the promises; in short:
 * - A refused attempt writes nothing: a counter already at its limit is not incremented, and no new row is made.
 * - Keys are bounded in size whatever the input: accounts appear as a SHA-256 of the normalised email, addresses
 *   as their bucket (IPv4 address, IPv6 /64; lib/server/client-ip.ts).
 * - An account is limited per (account, address bucket), plus a much higher total across all addresses, so one
 *   address cannot lock the owner out from elsewhere. The total is the sum of the account's live per-address rows
 *   (column `scope`), so it costs no extra row.
 * - Expired windows are deleted in bounded batches by sweepRateLimits() (called by the retention sweep).
 */

export type Limit = { limit: number; windowSeconds: number };
export type LimitResult = { ok: boolean; retryAfterSeconds: number };
/** A per-address account counter and the account's total across addresses. */
export type AccountLimit = Limit & { total: number };

/**
 * The limits of the app, in one place (SECURITY.md "Abuse limits"). Windows are short so that a limit never locks
 * anyone out for long; per-IP limits are generous (offices and phones share addresses) and can be raised.
 */
export function limits() {
  const config = env();
  return {
    /** Sign-in attempts per client address bucket, across accounts. Each allowed one may add one row. */
    loginPerIp: { limit: config.LOGIN_LIMIT_PER_IP, windowSeconds: 15 * 60 },
    /** Sign-in attempts per account from one address bucket, and per account from all addresses together. */
    loginPerAccount: {
      limit: config.LOGIN_LIMIT_PER_ACCOUNT,
      total: config.LOGIN_LIMIT_PER_ACCOUNT_TOTAL,
      windowSeconds: 15 * 60,
    },
    /** Sign-up attempts per client address bucket. */
    signupPerIp: { limit: config.SIGNUP_LIMIT_PER_IP, windowSeconds: 60 * 60 },
    /** Sign-up attempts per email (a burst of 20 duplicates still gets 19 clear "already registered" answers). */
    signupPerAccount: { limit: 25, total: 100, windowSeconds: 60 * 60 },
    /** Refresh-token uses per client address bucket. */
    refreshPerIp: { limit: config.LOGIN_LIMIT_PER_IP * 4, windowSeconds: 15 * 60 },
    /** Password confirmations (password change, revocation mode off, deletion): per account and address, and total. */
    passwordChangePerAccount: { limit: 10, total: 100, windowSeconds: 15 * 60 },
  } satisfies Record<string, Limit | AccountLimit>;
}

/** `<kind>:ip:<bucket>` — at most ~40 characters. */
export function ipKey(kind: string, ip: string): string {
  return `${kind}:ip:${ipBucket(ip)}`;
}

/** `<kind>:account:<sha-256 of the normalised email>` — 43 characters of base64url whatever the email. */
function accountScope(kind: string, normalisedEmail: string): string {
  return `${kind}:account:${createHash("sha256").update(normalisedEmail, "utf8").digest("base64url")}`;
}

/** The per-address counter of an account: its scope plus the address bucket. */
function accountKey(scope: string, ip: string): string {
  return `${scope}:${ipBucket(ip)}`;
}

// The conflict branch of the statements below: a new window starts at 1; a running one counts only while under
// its limit, so an attempt over the limit changes nothing. `window` and `limit` are the statement's placeholders.
const countUnderLimit = (window: string, limit: string) => `ON CONFLICT (key) DO UPDATE SET
    count    = CASE WHEN rate_limits.reset_at <= now() THEN 1 ELSE rate_limits.count + 1 END,
    reset_at = CASE WHEN rate_limits.reset_at <= now() THEN now() + make_interval(secs => ${window}) ELSE rate_limits.reset_at END
   WHERE rate_limits.reset_at <= now() OR rate_limits.count < ${limit}`;
const COUNT_UNDER_LIMIT = countUnderLimit("$2", "$3");

// $1 key, $2 window seconds, $3 limit. The UPDATE runs only while the window has ended or the count is under $3,
// so an attempt over the limit changes nothing; the SELECT then says when the window ends.
const HIT = `
WITH counted AS (
  INSERT INTO rate_limits (key, count, reset_at)
  VALUES ($1, 1, now() + make_interval(secs => $2))
  ${COUNT_UNDER_LIMIT}
  RETURNING 1
)
SELECT (SELECT count(*) FROM counted)::int AS counted,
       CEIL(EXTRACT(EPOCH FROM ((SELECT reset_at FROM rate_limits WHERE key = $1) - now())))::int AS retry_after`;

// The same with an account total: $4 scope, $5 total over the scope's live rows. The INSERT runs only while the
// total is under $5, so an attempt over either limit changes nothing.
const HIT_SCOPED = `
WITH total AS (
  SELECT COALESCE(SUM(count), 0)::int AS n, MIN(reset_at) AS first_reset
    FROM rate_limits WHERE scope = $4 AND reset_at > now()
), counted AS (
  INSERT INTO rate_limits (key, count, reset_at, scope)
  SELECT $1, 1, now() + make_interval(secs => $2), $4 WHERE (SELECT n FROM total) < $5
  ${COUNT_UNDER_LIMIT}
  RETURNING 1
)
SELECT (SELECT count(*) FROM counted)::int AS counted,
       CEIL(EXTRACT(EPOCH FROM (
         LEAST(
           (SELECT reset_at FROM rate_limits WHERE key = $1 AND reset_at > now() AND count >= $3),
           CASE WHEN (SELECT n FROM total) >= $5 THEN (SELECT first_reset FROM total) END
         ) - now())))::int AS retry_after`;

// A sign-in attempt's two counters in one statement: HIT on the address ($1 key, $2 window, $3 limit), then —
// only if the address counted it — HIT_SCOPED on the account ($4 key, $5 window, $6 scope, $7 limit, $8 total).
// The account's INSERT selects no row unless `by_ip` returned one, so an attempt refused on the address touches no
// account counter. Locks are taken address first, then account, as the two statements took them before.
const HIT_SIGN_IN = `
WITH by_ip AS (
  INSERT INTO rate_limits (key, count, reset_at)
  VALUES ($1, 1, now() + make_interval(secs => $2))
  ${countUnderLimit("$2", "$3")}
  RETURNING 1
), total AS (
  SELECT COALESCE(SUM(count), 0)::int AS n, MIN(reset_at) AS first_reset
    FROM rate_limits WHERE scope = $6 AND reset_at > now()
), by_account AS (
  INSERT INTO rate_limits (key, count, reset_at, scope)
  SELECT $4, 1, now() + make_interval(secs => $5), $6
   WHERE EXISTS (SELECT 1 FROM by_ip) AND (SELECT n FROM total) < $8
  ${countUnderLimit("$5", "$7")}
  RETURNING 1
)
SELECT (SELECT count(*) FROM by_ip)::int AS ip_counted,
       CEIL(EXTRACT(EPOCH FROM ((SELECT reset_at FROM rate_limits WHERE key = $1) - now())))::int AS ip_retry_after,
       (SELECT count(*) FROM by_account)::int AS account_counted,
       CEIL(EXTRACT(EPOCH FROM (
         LEAST(
           (SELECT reset_at FROM rate_limits WHERE key = $4 AND reset_at > now() AND count >= $7),
           CASE WHEN (SELECT n FROM total) >= $8 THEN (SELECT first_reset FROM total) END
         ) - now())))::int AS account_retry_after`;

type HitRow = { counted: number; retry_after: number | null };

/**
 * The result of one counter: ok when counted. Not counted means over a limit; a row that changed between the
 * statement's snapshot and its write gives no reset time, and the whole window is then the honest upper bound.
 */
function limitResult(counted: number, retryAfter: number | null, windowSeconds: number): LimitResult {
  if (counted > 0) return { ok: true, retryAfterSeconds: 0 };
  return { ok: false, retryAfterSeconds: Math.max(1, Math.min(retryAfter ?? windowSeconds, windowSeconds)) };
}

/**
 * Counts one attempt against `key` if it is under its limit (and, with `scope`, the scope's total is under
 * `total`). `ok` is false when it was not counted: the attempt is over a limit and must be refused.
 */
export async function hit(
  key: string,
  { limit, windowSeconds }: Limit,
  account?: { scope: string; total: number },
): Promise<LimitResult> {
  const database = await db();
  const rows = await (account
    ? database.sql<HitRow>(
        HIT_SCOPED,
        [key, windowSeconds, limit, account.scope, account.total],
        "rate_limit_hit_scoped",
      )
    : database.sql<HitRow>(HIT, [key, windowSeconds, limit], "rate_limit_hit_v2"));
  const row = rows[0]!;
  return limitResult(row.counted, row.retry_after, windowSeconds);
}

/**
 * Counts one attempt on an account from `ip`: its per-address counter, within the account's total across
 * addresses (`limit.total`). `account` is any stable identifier (a normalised email, a user id); it is hashed, so
 * the key stays bounded. Returns the per-address key too, for `reset()` after a success.
 */
export async function hitAccount(
  kind: string,
  account: string,
  ip: string,
  limit: AccountLimit,
): Promise<LimitResult & { key: string }> {
  const scope = accountScope(kind, account);
  const key = accountKey(scope, ip);
  return { ...(await hit(key, limit, { scope, total: limit.total })), key };
}

/**
 * A sign-in attempt from `ip` on `account`, in one round trip: exactly `hit(ipKey(kind, ip), byIp)` and then, only
 * if that counted it, `hitAccount(kind, account, ip, byAccount)`. When the address refuses, `byAccount` is null and
 * no account counter was touched. Returns the per-address account key too, for `reset()` after a success.
 */
export async function hitSignIn(
  kind: string,
  account: string,
  ip: string,
  byIp: Limit,
  byAccount: AccountLimit,
): Promise<{ byIp: LimitResult; byAccount: LimitResult | null; key: string }> {
  const scope = accountScope(kind, account);
  const key = accountKey(scope, ip);
  const database = await db();
  const rows = await database.sql<{
    ip_counted: number;
    ip_retry_after: number | null;
    account_counted: number;
    account_retry_after: number | null;
  }>(
    HIT_SIGN_IN,
    [
      ipKey(kind, ip),
      byIp.windowSeconds,
      byIp.limit,
      key,
      byAccount.windowSeconds,
      scope,
      byAccount.limit,
      byAccount.total,
    ],
    "rate_limit_hit_sign_in",
  );
  const row = rows[0]!;
  const address = limitResult(row.ip_counted, row.ip_retry_after, byIp.windowSeconds);
  if (!address.ok) return { byIp: address, byAccount: null, key };
  return {
    byIp: address,
    byAccount: limitResult(row.account_counted, row.account_retry_after, byAccount.windowSeconds),
    key,
  };
}

/** Forgets the counter of `key` (after a successful sign-in the account's failures from that address). */
export async function reset(key: string): Promise<void> {
  const database = await db();
  await database.sql(`DELETE FROM rate_limits WHERE key = $1`, [key], "rate_limit_reset");
}

/**
 * Deletes up to `batch` (default 1000) buckets whose window has ended (an ended window counts as no row at all, so
 * nothing is lost) and returns how many it deleted. Bounded, so it can run inside a request; the retention sweep
 * calls it until it returns less than `batch`.
 */
export async function sweepRateLimits(options?: { batch?: number; now?: Date }): Promise<number> {
  const requested = options?.batch ?? 1000;
  const batch = Number.isFinite(requested) ? Math.max(1, Math.min(Math.floor(requested), 100_000)) : 1000;
  const now = options?.now ?? new Date();
  const database = await db();
  const rows = await database.sql<{ deleted: number }>(
    `WITH gone AS (
       DELETE FROM rate_limits WHERE key IN (
         SELECT key FROM rate_limits WHERE reset_at <= $1 ORDER BY reset_at LIMIT $2 FOR UPDATE SKIP LOCKED)
       RETURNING 1)
     SELECT count(*)::int AS deleted FROM gone`,
    [now, batch],
    "rate_limit_sweep",
  );
  return rows[0]?.deleted ?? 0;
}
