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
const CODE_BY_SQLSTATE: Record<string, string> = { "23505": "P2002", "23503": "P2003", "22P02": "P2007" };

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

/** Which integrity rule a failed query broke. */
export type ConstraintKind = "unique" | "foreign-key" | "invalid-value";

const PRISMA_KINDS: Record<string, ConstraintKind> = { P2002: "unique", P2003: "foreign-key", P2007: "invalid-value" };
// Postgres SQLSTATEs of the raw `sql()` path, through the one SQLSTATE → Prisma code table (above).
const SQLSTATE_KINDS: Record<string, ConstraintKind> = Object.fromEntries(
  Object.entries(CODE_BY_SQLSTATE).map(([sqlState, code]) => [sqlState, PRISMA_KINDS[code]!]),
);
const ADAPTER_KINDS: Record<string, ConstraintKind> = {
  UniqueConstraintViolation: "unique",
  ForeignKeyConstraintViolation: "foreign-key",
  InvalidInputValue: "invalid-value",
};

/**
 * The integrity rule behind a database error, however it surfaces: Prisma's code (P2002 / P2003 / P2007, which
 * survive the driver only when the adapter is of the client's own major, docs/decisions/0091-one-prisma-major.md),
 * a driver-adapter error kind, or the Postgres SQLSTATE of a raw query. Null for anything else.
 */
export function constraintKind(error: unknown): ConstraintKind | null {
  let current: unknown = error;
  for (let depth = 0; current && typeof current === "object" && depth < 4; depth++) {
    const e = current as { code?: unknown; kind?: unknown; originalCode?: unknown; cause?: unknown };
    for (const [value, table] of [
      [e.code, PRISMA_KINDS],
      [e.code, SQLSTATE_KINDS],
      [e.originalCode, SQLSTATE_KINDS],
      [e.kind, ADAPTER_KINDS],
    ] as const) {
      if (typeof value === "string" && Object.hasOwn(table, value)) return table[value]!;
    }
    current = e.cause;
  }
  return null;
}

/** True for a unique-constraint violation (see constraintKind). */
export function isUniqueViolation(error: unknown): boolean {
  return constraintKind(error) === "unique";
}
