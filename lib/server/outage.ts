import "server-only";

/**
 * "The database cannot be reached" as an error the whole app recognises, without importing a driver: route
 * handlers answer it with 503, server actions (lib/security/server-action.ts) and pages with an outage notice.
 * SECURITY.md "Database outage": fail closed, recover by itself.
 */

/** Raised when the database cannot be reached; route handlers answer it with 503. */
export class DatabaseUnavailableError extends Error {
  override name = "DatabaseUnavailableError";
}

const UNAVAILABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EPIPE",
  "57P01",
  "57P03",
  "53300",
  "P1001",
  "P1002",
  "P1017",
  "P2024",
]);

/** True when an error means "the database is unreachable or overloaded", not "the query was wrong". */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (error instanceof DatabaseUnavailableError) return true;
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const e = current as { code?: unknown; name?: unknown; message?: unknown; cause?: unknown };
    if (typeof e.code === "string" && UNAVAILABLE_CODES.has(e.code)) return true;
    if (e.name === "PrismaClientInitializationError") return true;
    if (typeof e.message === "string" && /timeout|terminat|connect|ECONNREFUSED|Connection/i.test(e.message))
      return true;
    current = e.cause;
  }
  return false;
}

/** The error as a DatabaseUnavailableError when it is an outage, else unchanged. */
export function asUnavailable(error: unknown): unknown {
  return isDatabaseUnavailable(error)
    ? new DatabaseUnavailableError("The database is unavailable.", { cause: error })
    : error;
}
