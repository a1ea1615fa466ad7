import "server-only";
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { attachDatabasePool } from "@vercel/functions";
import { PrismaClient } from "@/generated/prisma/client";
import { env } from "@/lib/server/env";
import { applyMigrations, type SqlRunner } from "@/lib/server/db/migrations";
import { lockPgliteDir } from "@/lib/server/db/pglite-lock";
import { seedDemoUsers } from "@/lib/server/db/seed";
import { countQuery, timeQuery } from "@/lib/server/query-count";
import { withPrismaCode } from "@/lib/server/db/error-codes";
import { asUnavailable } from "@/lib/server/outage";
import { globalForDb as closable } from "@/lib/server/db/close";

export { closeDb } from "@/lib/server/db/close";

/**
 * The one database of the app, opened lazily on first use (never during `next build`):
 * - no DATABASE_URL → PGlite, an in-process Postgres in PGLITE_DIR (default .data/pglite); the committed
 *   migrations are applied on open (docs/decisions/0002-pglite-embedded-default.md);
 * - DATABASE_URL → node-postgres through @prisma/adapter-pg; migrations are applied by `npm run db:migrate`.
 * Prisma is the ORM for everything except the hottest lookups, which use `sql()` (a prepared statement on
 * node-postgres) so both paths share one connection pool.
 */

export type DatabaseKind = "pglite" | "postgres";

export type Database = {
  kind: DatabaseKind;
  prisma: PrismaClient;
  /** A raw parameterised query. With `name`, node-postgres prepares it once per connection. */
  sql<T>(text: string, values?: unknown[], name?: string): Promise<T[]>;
  runner: SqlRunner;
  close(): Promise<void>;
};

/**
 * Loads a package through a specifier no bundler or file tracer follows, so a deployed function's file set
 * never holds it (docs/decisions/0090-lean-functions.md). Only for PGlite, which runs only without
 * DATABASE_URL, never on Vercel; Node resolves it from the project's node_modules at run time.
 */
function loadUntraced<T>(name: "@electric-sql/pglite" | "pglite-prisma-adapter"): Promise<T> {
  // The credential policy's lint refuses computed import() names (eslint.config.mjs); this one can only be one
  // of the two PGlite packages above.
  // eslint-disable-next-line no-restricted-syntax
  return import(/* webpackIgnore: true */ /* turbopackIgnore: true */ name) as Promise<T>;
}

async function openPglite(dir: string): Promise<Database> {
  const { PGlite } = await loadUntraced<typeof import("@electric-sql/pglite")>("@electric-sql/pglite");
  const { PrismaPGlite } = await loadUntraced<typeof import("pglite-prisma-adapter")>("pglite-prisma-adapter");
  const absolute = path.resolve(/*turbopackIgnore: true*/ process.cwd(), dir);
  mkdirSync(absolute, { recursive: true }); // PGlite does not create parent folders.
  const lock = lockPgliteDir(absolute); // one process per folder, or a clear refusal (lib/server/db/pglite-lock.ts)
  const client: PGlite = await PGlite.create(absolute);
  const runner: SqlRunner = {
    query: (text, values) => client.query(text, values),
    exec: (text) => client.exec(text),
  };
  await applyMigrations(runner);
  // pglite-prisma-adapter's factory type lags Prisma's; the runtime contract is the same.
  const prisma = countingClient(new PrismaPGlite(client) as unknown as PrismaPg);
  return {
    kind: "pglite",
    prisma,
    runner,
    async sql<T>(text: string, values?: unknown[]) {
      countQuery();
      return (await timeQuery(() => client.query<T>(text, values))).rows;
    },
    async close() {
      await prisma.$disconnect();
      await client.close();
      lock.release();
    },
  };
}

function openPostgres(connectionString: string, max: number, onVercel: boolean): Database {
  const pool = new pg.Pool({
    connectionString,
    max,
    // Fail fast when Postgres is down instead of hanging a request (SECURITY.md: database outage).
    connectionTimeoutMillis: 3_000,
    // Vercel Fluid compute suspends an idle instance: a short idle timeout closes its connections first.
    idleTimeoutMillis: onVercel ? 5_000 : 10_000,
    // Client-side timeout (a server-side statement_timeout startup parameter is refused by PgBouncer poolers).
    query_timeout: 5_000,
    allowExitOnIdle: true,
  });
  pool.on("error", () => {
    // An idle client lost its connection (for example Postgres restarted); the pool replaces it on demand.
  });
  // On Vercel (Fluid compute) keeps the instance alive until idle connections are closed, instead of leaking
  // them when it is suspended (docs/deploy-vercel.md). Outside Vercel it does nothing.
  if (onVercel) attachDatabasePool(pool);
  const query = pool.query.bind(pool);
  const runner: SqlRunner = {
    query: async <T>(text: string, values?: unknown[]) => (await query(text, values)) as unknown as { rows: T[] },
    exec: (text) => query(text),
  };
  const prisma = countingClient(new PrismaPg(pool, { disposeExternalPool: false }));
  return {
    kind: "postgres",
    prisma,
    runner,
    async sql<T>(text: string, values?: unknown[], name?: string) {
      countQuery();
      try {
        const result = await timeQuery(() =>
          pool.query<T & pg.QueryResultRow>(name ? { name, text, values } : { text, values }),
        );
        return result.rows;
      } catch (error) {
        throw asUnavailable(error);
      }
    },
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

/**
 * A Prisma client whose every operation (findUnique, create, …) counts as one query of the request that
 * issued it (lib/server/query-count.ts), and whose errors carry the same Prisma codes on both databases
 * (lib/server/db/error-codes.ts). The extension adds no API, so the client keeps its plain type.
 */
function countingClient(adapter: PrismaPg): PrismaClient {
  return new PrismaClient({ adapter }).$extends({
    query: {
      async $allOperations({ args, query }) {
        countQuery();
        try {
          return await timeQuery(() => query(args));
        } catch (error) {
          throw withPrismaCode(error);
        }
      },
    },
  }) as unknown as PrismaClient;
}

const globalForDb = closable as { __svtDb?: Promise<Database> };

async function open(): Promise<Database> {
  const config = env();
  const db = config.DATABASE_URL
    ? openPostgres(config.DATABASE_URL, config.DB_POOL_MAX, config.VERCEL === "1")
    : await openPglite(config.PGLITE_DIR);
  const seed = config.SEED_DEMO_USERS ? config.SEED_DEMO_USERS === "true" : !config.isProduction;
  if (seed) await seedDemoUsers(db.prisma);
  return db;
}

/** The database, opened on first call. A failed open is not cached: the next request tries again. */
export function db(): Promise<Database> {
  if (!globalForDb.__svtDb) {
    globalForDb.__svtDb = open().catch((error) => {
      globalForDb.__svtDb = undefined;
      throw asUnavailable(error);
    });
  }
  return globalForDb.__svtDb;
}

/** Shorthand for the Prisma client. */
export async function prisma(): Promise<PrismaClient> {
  return (await db()).prisma;
}
