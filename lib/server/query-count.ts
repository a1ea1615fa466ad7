import { AsyncLocalStorage } from "node:async_hooks";

/**
 * Counts database queries per request, so the labs and the scale-out proof can show how many queries each
 * check costs. Every raw query (`db().sql`) and every Prisma operation made through lib/server/db/index.ts increments the
 * counter of the request it was issued from, and a process-wide total. (A Prisma operation counts once even
 * if Prisma splits it into several statements; the hot paths use raw queries, which are exact.)
 */
// On globalThis, like the database itself (lib/server/db/index.ts): Next.js may load this module once per route bundle, and
// the database opened by one bundle must count into the request context of another.
const shared = globalThis as unknown as {
  __svtQueryStorage?: AsyncLocalStorage<{ queries: number }>;
  __svtQueryTotal?: number;
};
const storage = (shared.__svtQueryStorage ??= new AsyncLocalStorage<{ queries: number }>());
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
