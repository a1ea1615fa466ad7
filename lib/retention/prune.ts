import "server-only";
import { db } from "@/lib/server/db";
import { env } from "@/lib/server/env";
import { sweepRateLimits } from "@/lib/security/rate-limit";

/**
 * Retention: the one module that deletes rows nobody can use any more, in bounded batches, so that every table
 * that grows with traffic has a pruning path without a scheduler (SECURITY.md "Retention",
 * docs/decisions/0081-retention-without-a-scheduler.md). Three callers, one code path:
 * - opportunistically, at most once per few minutes per process, after a sign-in attempt (lib/retention/soon.ts);
 * - GET /api/cron/prune (Vercel Cron, daily), with a time budget;
 * - `npm run db:prune` (scripts/prune.ts), until nothing is left.
 *
 * What goes, and what is kept on purpose:
 * - sessions whose idle or absolute expiry has passed (they can never be used again);
 * - refresh-token families that ended over a day ago: expired, or revoked (sign-out, reuse detection). A live
 *   family keeps its spent members, because presenting one of them is what reuse detection catches; within a
 *   revoked family its not-yet-revoked members (a rotation that raced the revocation) go first, so the family
 *   reads as revoked for as long as any member is left;
 * - rate-limit buckets whose window has ended (sweepRateLimits, lib/security/rate-limit.ts);
 * - auth_events older than AUTH_EVENT_RETENTION_DAYS (default 30);
 * - lab identities (the throw-away accounts of the /compare labs, lib/accounts/lab-identities.ts) older than
 *   LAB_IDENTITY_LIFETIME (an hour), with everything they hold: their sessions, refresh tokens and lifecycle log go
 *   by the foreign keys' cascades. Only rows with a lab owner are ever selected: no real account can match.
 * Each statement deletes at most `batch` rows and skips rows another transaction holds, so concurrent pruners
 * (several instances) never wait on each other or on a request.
 */

const PRUNE_TABLES = ["sessions", "refreshTokens", "rateLimits", "authEvents", "labIdentities"] as const;
export type PruneTable = (typeof PRUNE_TABLES)[number];
export type PruneCounts = Record<PruneTable, number>;

export type PruneOptions = { batch?: number; now?: Date };

export const DEFAULT_BATCH = 1000;
/** A family stays visible (bearer page) and answers "revoked" rather than "unknown" for a day after it ended. */
const ENDED_FAMILY_GRACE_MS = 24 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

const batchOf = (options: PruneOptions) => Math.max(1, Math.floor(options.batch ?? DEFAULT_BATCH));
const nowOf = (options: PruneOptions) => options.now ?? new Date();

/**
 * Deletes at most `limit` rows of `table` matching `where` (whose $1 is `cutoff`), skipping rows another
 * transaction holds; the number deleted. `table` and `where` are constants of this module, never input.
 */
async function deleteBounded(table: string, where: string, cutoff: Date, limit: number, name: string) {
  const rows = await (
    await db()
  ).sql(
    `DELETE FROM ${table} WHERE id IN (SELECT id FROM ${table} WHERE ${where} LIMIT $2 FOR UPDATE SKIP LOCKED) RETURNING 1`,
    [cutoff, limit],
    name,
  );
  return rows.length;
}

/** Deletes at most `batch` sessions that have passed their idle or absolute expiry. */
export function pruneSessions(options: PruneOptions = {}): Promise<number> {
  const where = "idle_expires_at <= $1 OR absolute_expires_at <= $1";
  return deleteBounded("sessions", where, nowOf(options), batchOf(options), "prune_sessions");
}

/** Deletes at most `batch` rows of refresh-token families that expired or were revoked over a day ago. */
export async function pruneRefreshTokens(options: PruneOptions = {}): Promise<number> {
  const database = await db();
  const batch = batchOf(options);
  const cutoff = new Date(nowOf(options).getTime() - ENDED_FAMILY_GRACE_MS);
  // Every member of a family shares its expiry (rotation copies it), so an expired row means an expired family.
  const expired = await deleteBounded("refresh_tokens", "expires_at < $1", cutoff, batch, "prune_refresh_expired");
  const left = batch - expired;
  if (left <= 0) return expired;
  // Revoked families: unrevoked members first, so no partial delete leaves a family without a revoked member
  // (ROTATE in lib/token/bearer/internal/refresh-store.ts refuses a token while any member of its family is revoked). No SKIP LOCKED
  // here: skipping a locked unrevoked member could delete its revoked siblings first.
  const revoked = await database.sql(
    `DELETE FROM refresh_tokens WHERE id IN (
       SELECT t.id FROM refresh_tokens t
       WHERE t.family_id IN (SELECT family_id FROM refresh_tokens WHERE revoked_at < $1 LIMIT $2)
       ORDER BY (t.revoked_at IS NOT NULL), t.id
       LIMIT $2 FOR UPDATE
     ) RETURNING 1`,
    [cutoff, left],
    "prune_refresh_revoked",
  );
  return expired + revoked.length;
}

/** Deletes at most `batch` lifecycle events older than the configured retention. */
export function pruneAuthEvents(options: PruneOptions = {}): Promise<number> {
  const cutoff = new Date(nowOf(options).getTime() - env().AUTH_EVENT_RETENTION_DAYS * DAY_MS);
  return deleteBounded("auth_events", "created_at < $1", cutoff, batchOf(options), "prune_auth_events");
}

/**
 * Deletes at most `batch` lab identities made more than LAB_IDENTITY_LIFETIME ago (their sessions, refresh tokens
 * and events cascade). `lab_owner_id IS NOT NULL` is the whole difference from a real account: a real one never
 * matches.
 */
export function pruneLabIdentities(options: PruneOptions = {}): Promise<number> {
  const cutoff = new Date(nowOf(options).getTime() - env().LAB_IDENTITY_LIFETIME * 1000);
  return deleteBounded(
    "users",
    "lab_owner_id IS NOT NULL AND created_at < $1",
    cutoff,
    batchOf(options),
    "prune_lab_identities",
  );
}

const STEPS: Record<PruneTable, (options: PruneOptions) => Promise<number>> = {
  sessions: pruneSessions,
  refreshTokens: pruneRefreshTokens,
  rateLimits: (options) => sweepRateLimits({ batch: batchOf(options), now: nowOf(options) }),
  authEvents: pruneAuthEvents,
  labIdentities: pruneLabIdentities,
};

const zero = (): PruneCounts => ({ sessions: 0, refreshTokens: 0, rateLimits: 0, authEvents: 0, labIdentities: 0 });

/** One bounded pass: at most `batch` rows per table. */
export async function pruneOnce(options: PruneOptions = {}): Promise<PruneCounts> {
  const counts = zero();
  for (const table of PRUNE_TABLES) counts[table] = await STEPS[table](options);
  return counts;
}

export type PruneResult = { pruned: PruneCounts; complete: boolean; rounds: number };

/**
 * Batches until every table is clean, or until `budgetMs` has passed (the cron endpoint stays inside a function's
 * time limit; what is left goes at the next run). Round-robin, so a huge table does not starve the others.
 */
export async function pruneAll(options: PruneOptions & { budgetMs?: number } = {}): Promise<PruneResult> {
  const batch = batchOf(options);
  const started = Date.now();
  const pruned = zero();
  const pending = new Set<PruneTable>(PRUNE_TABLES);
  let rounds = 0;
  while (pending.size > 0) {
    rounds++;
    for (const table of [...pending]) {
      const deleted = await STEPS[table]({ batch, now: options.now });
      pruned[table] += deleted;
      if (deleted < batch) pending.delete(table);
    }
    if (options.budgetMs !== undefined && Date.now() - started >= options.budgetMs) break;
  }
  return { pruned, complete: pending.size === 0, rounds };
}
