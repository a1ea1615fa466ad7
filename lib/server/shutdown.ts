/**
 * Work that should finish before the process exits: background jobs register it here, and the SIGTERM handler in
 * lib/server/start.ts waits for it (for a bounded grace) before closing the database. It imports nothing, so the
 * start-up code pulls no database driver into a deployed function (docs/decisions/0090-lean-functions.md).
 */
const globalForShutdown = globalThis as unknown as { __svtUnfinished?: Set<Promise<unknown>> };
const unfinished = () => (globalForShutdown.__svtUnfinished ??= new Set());

/** Registers `work` until it settles; returns it unchanged. */
export function finishBeforeExit<T>(work: Promise<T>): Promise<T> {
  const pending = unfinished();
  pending.add(work);
  const forget = () => pending.delete(work);
  work.then(forget, forget);
  return work;
}

/** Settles when every registered piece of work has settled. */
export function unfinishedWork(): Promise<unknown> {
  return Promise.allSettled([...unfinished()]);
}
