import "server-only";
import DataLoader from "dataloader";
import { isAblated } from "@/lib/server/bench-build";
import { countSharedQuery, timeQuery, uncounted } from "@/lib/server/query-count";
import { findSessionsWithUsers, type FoundSession } from "@/lib/session/internal/store";

/**
 * The session lookup of every request, batched. Lookups are queued and sent together, in the event loop's next
 * check phase, as one statement (`WHERE id = ANY($1)`, store.ts): under load, one pass of the event loop
 * handles many requests — 16 concurrent clients gave ≈ 10 lookups per statement in `npm run bench` — and they
 * share one round trip instead of paying one each (docs/decisions/0031-batched-session-lookups.md).
 *
 * Nothing is cached: each request's lookup is sent after that request arrived, so a session deleted before it
 * (sign-out, revocation, on any instance) is not found, exactly as with one query per request. A lone request
 * waits for no one: its batch of one leaves in the same pass of the event loop. If the statement fails, every
 * lookup in the batch fails with its error (a database outage → 503 for each).
 *
 * Each request counts its lookup as one query (X-DB-Queries: 1); the shared statement counts once towards the
 * process total.
 */

/** Bounds one statement's array parameter; more queued lookups go in further statements of the same pass. */
const MAX_BATCH = 128;

// One loader per process, on globalThis: Next.js may load this module once per route bundle, and requests to
// different routes (a page, /api/session/me) should share batches. The loader calls whichever query function
// was loaded last, so a dev server's hot reload of store.ts takes effect without a restart.
const shared = globalThis as unknown as {
  __svtSessionLoader?: DataLoader<string, FoundSession | null>;
  __svtFindSessions?: typeof findSessionsWithUsers;
};
shared.__svtFindSessions = findSessionsWithUsers;

function loader(): DataLoader<string, FoundSession | null> {
  return (shared.__svtSessionLoader ??= new DataLoader((ids) => uncounted(() => shared.__svtFindSessions!(ids)), {
    cache: false, // a lookup must see the row as it is now, never an earlier answer
    batchScheduleFn: (send) => setImmediate(send),
    maxBatchSize: MAX_BATCH,
    // Off only in a benchmark ablation (lib/server/bench-build.ts; constant false in every other build): one
    // statement per lookup.
    batch: !isAblated("session-batch"),
  }));
}

/** The session with this id and its user, or null when there is no such row (never issued, or deleted). */
export function findSessionWithUser(id: string): Promise<FoundSession | null> {
  countSharedQuery();
  // The wait for the shared statement is this request's database time (the cost lab's database column).
  return timeQuery(() => loader().load(id));
}
