import { createHash, randomUUID } from "node:crypto";
import { readdirSync, readFileSync, existsSync } from "node:fs";
import path from "node:path";

/**
 * The committed Prisma migrations, read from prisma/migrations, and the bookkeeping Prisma keeps in
 * `_prisma_migrations`. Used to apply migrations to PGlite (where the Prisma CLI cannot run, see
 * docs/decisions/0002-pglite-embedded-default.md) and by /api/health to tell whether a database is current.
 */

export type Migration = { name: string; sql: string; checksum: string };

/** Minimal SQL surface shared by PGlite and node-postgres. */
export type SqlRunner = {
  query<T>(text: string, values?: unknown[]): Promise<{ rows: T[] }>;
  exec(text: string): Promise<unknown>;
};

function migrationsDir(): string {
  return path.join(/*turbopackIgnore: true*/ process.cwd(), "prisma", "migrations");
}

export function readMigrations(dir = migrationsDir()): Migration[] {
  return readdirSync(/*turbopackIgnore: true*/ dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      // Prisma's checksum is the hex SHA-256 of the migration file.
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

// The table exactly as `prisma migrate deploy` creates it.
const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

type AppliedRow = { migration_name: string; checksum: string };

async function appliedMigrations(db: SqlRunner): Promise<AppliedRow[] | null> {
  const exists = await db.query<{ t: string | null }>(`SELECT to_regclass('public._prisma_migrations')::text AS t`);
  if (!exists.rows[0]?.t) return null;
  const { rows } = await db.query<AppliedRow>(
    `SELECT migration_name, checksum FROM "_prisma_migrations"
      WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`,
  );
  return rows;
}

export type MigrationStatus = { current: boolean; applied: number; pending: string[]; modified: string[] };

/** Compares the committed migrations with what the database recorded. */
export async function migrationStatus(db: SqlRunner, migrations = readMigrations()): Promise<MigrationStatus> {
  const applied = (await appliedMigrations(db)) ?? [];
  const byName = new Map(applied.map((r) => [r.migration_name, r.checksum]));
  const pending = migrations.filter((m) => !byName.has(m.name)).map((m) => m.name);
  const modified = migrations.filter((m) => byName.has(m.name) && byName.get(m.name) !== m.checksum).map((m) => m.name);
  return { current: pending.length === 0 && modified.length === 0, applied: applied.length, pending, modified };
}

/**
 * Applies every pending migration, each in its own transaction, and records it the way Prisma does, so that
 * `prisma migrate status` and `migrate deploy` agree afterwards. Returns the names it applied.
 */
export async function applyMigrations(db: SqlRunner, migrations = readMigrations()): Promise<string[]> {
  await db.exec(CREATE_TABLE);
  const status = await migrationStatus(db, migrations);
  if (status.modified.length > 0) {
    throw new Error(`Committed migrations were changed after being applied: ${status.modified.join(", ")}`);
  }
  const applied: string[] = [];
  for (const migration of migrations.filter((m) => status.pending.includes(m.name))) {
    const id = randomUUID();
    await db.exec("BEGIN");
    try {
      await db.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count)
         VALUES ($1, $2, $3, now(), 0)`,
        [id, migration.checksum, migration.name],
      );
      await db.exec(migration.sql);
      await db.query(`UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`, [
        id,
      ]);
      await db.exec("COMMIT");
    } catch (error) {
      await db.exec("ROLLBACK");
      throw error;
    }
    applied.push(migration.name);
  }
  return applied;
}
