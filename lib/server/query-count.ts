import { AsyncLocalStorage } from "node:async_hooks";
import { performance } from "node:perf_hooks";

/**
 * Counts database queries per request, so the labs and the scale-out proof can show how many queries each
 * check costs. Every raw query (`db().sql`) and every Prisma operation made through lib/server/db/index.ts increments the
 * counter of the request it was issued from, and a process-wide total. (A Prisma operation counts once even
 * if Prisma splits it into several statements; the hot paths use raw queries, which are exact.)
 */
// On globalThis, like the database itself (lib/server/db/index.ts): Next.js may load this module once per route bundle, and
// the database opened by one bundle must count into the request context of another.
/** Per request: the queries it issued and the time it spent waiting for the database (µs; see `timeQuery`). */
type QueryStats = { queries: number; dbMicros?: number };
const shared = globalThis as unknown as {
  __svtQueryStorage?: AsyncLocalStorage<QueryStats>;
  __svtQueryTotal?: number;
};
const storage = (shared.__svtQueryStorage ??= new AsyncLocalStorage<QueryStats>());
const totals = shared;

export function countQuery(): void {
  totals.__svtQueryTotal = (totals.__svtQueryTotal ?? 0) + 1;
  countSharedQuery();
}

/**
 * Counts one query for the current request only, not for the process total: for a read that shares one
 * statement with the reads of other requests (lib/session/internal/lookup.ts). The statement itself is counted once
 * towards the total, by `uncounted`'s caller issuing it outside any request.
 */
export function countSharedQuery(): void {
  const store = storage.getStore();
  if (store) store.queries++;
}

/** Runs `fn` outside every request's count (its queries still count towards the process total). */
export function uncounted<T>(fn: () => T): T {
  return storage.exit(fn);
}

/**
 * Runs one database call and adds the time it took (from the call until its answer: on Postgres the round trip,
 * on PGlite the query's run inside this process) to the current request's database time. Outside a request it
 * only runs `fn`. lib/server/db/index.ts wraps every query in it; the cost lab reads it (`withQueryStats`).
 */
export async function timeQuery<T>(fn: () => Promise<T>): Promise<T> {
  const store = storage.getStore();
  if (!store) return fn();
  const started = performance.now();
  try {
    return await fn();
  } finally {
    store.dbMicros = (store.dbMicros ?? 0) + (performance.now() - started) * 1000;
  }
}

/**
 * Runs `fn` inside one query-counting context and hands it a reader of that context's running totals, so a caller
 * timing many iterations (the cost lab) can read the queries and database time of each iteration without a new
 * context per iteration.
 */
export async function withQueryStats<T>(
  fn: (stats: () => { queries: number; dbMicros: number }) => Promise<T>,
): Promise<T> {
  const store: QueryStats = { queries: 0, dbMicros: 0 };
  return storage.run(store, async () => await fn(() => ({ queries: store.queries, dbMicros: store.dbMicros ?? 0 })));
}

/** Runs `fn` and returns its result with the number of database queries it issued. */
export async function withQueryCount<T>(fn: () => Promise<T>): Promise<{ result: T; queries: number }> {
  const store = { queries: 0 };
  // Await inside the context: Prisma's promises are lazy and start their query when awaited.
  const result = await storage.run(store, async () => await fn());
  return { result, queries: store.queries };
}

/** Queries issued by this process since it started. */
export function totalQueries(): number {
  return totals.__svtQueryTotal ?? 0;
}
