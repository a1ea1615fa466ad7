import "server-only";

/**
 * The process-wide handle of the open database, and closing it. Kept apart from lib/server/db/index.ts so that
 * instrumentation (the SIGTERM handler) does not import the database drivers: everything a module imports is
 * traced into every deployed function (docs/decisions/0090-lean-functions.md).
 */
export const globalForDb = globalThis as unknown as { __svtDb?: Promise<{ close(): Promise<void> }> };

/** Closes the database if it was opened (SIGTERM handler, tests). */
export async function closeDb(): Promise<void> {
  const pending = globalForDb.__svtDb;
  globalForDb.__svtDb = undefined;
  if (pending) await (await pending.catch(() => null))?.close();
}
