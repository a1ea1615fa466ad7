import "server-only";
import { Prisma } from "@/generated/prisma/client";

/**
 * Prisma 6.19 turns a driver adapter's unique and foreign-key errors into P2002 / P2003, but hands every other
 * Postgres error through as a DriverAdapterError with only the SQLSTATE (a malformed uuid: 22P02, which Prisma's
 * own engines report as P2007), and pglite-prisma-adapter reports even the first two that way. This gives each
 * of those the Prisma code it has on Postgres, so callers see the same codes on both databases. The original
 * error stays as `cause`. Needs the adapter of the client's own major, which keeps the SQLSTATE intact
 * (docs/decisions/0091-one-prisma-major.md).
 */
export const CODE_BY_SQLSTATE: Record<string, string> = { "23505": "P2002", "23503": "P2003", "22P02": "P2007" };

export function withPrismaCode(error: unknown): unknown {
  if (!(error instanceof Error) || typeof (error as { code?: unknown }).code === "string") return error;
  const cause = (error as { cause?: { code?: unknown; originalCode?: unknown } }).cause;
  const sqlState = cause?.originalCode ?? cause?.code;
  const code = typeof sqlState === "string" ? CODE_BY_SQLSTATE[sqlState] : undefined;
  if (!code) return error;
  const known = new Prisma.PrismaClientKnownRequestError(error.message, {
    code,
    clientVersion: Prisma.prismaVersion.client,
    meta: { sqlState },
  });
  Object.defineProperty(known, "cause", { value: error, configurable: true, writable: true });
  return known;
}
