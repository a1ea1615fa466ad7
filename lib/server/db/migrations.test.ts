import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import pg from "pg";
import { db } from "@/lib/server/db";
import { applyMigrations, migrationStatus, readMigrations, type SqlRunner } from "@/lib/server/db/migrations";

describe("the migration runner (used for PGlite)", () => {
  it("has applied every committed migration to the test database, recorded with Prisma's checksums", async () => {
    const database = await db();
    const status = await migrationStatus(database.runner);
    expect(status).toMatchObject({ current: true, pending: [], modified: [] });
    const rows = await database.sql<{ migration_name: string; checksum: string; applied_steps_count: number }>(
      `SELECT migration_name, checksum, applied_steps_count FROM "_prisma_migrations" WHERE finished_at IS NOT NULL ORDER BY migration_name`,
    );
    expect(rows.map((r) => [r.migration_name, r.checksum])).toEqual(readMigrations().map((m) => [m.name, m.checksum]));
  });

  it("is idempotent and refuses a committed migration that was changed after being applied", async () => {
    const database = await db();
    expect(await applyMigrations(database.runner)).toEqual([]);
    const changed = readMigrations().map((m, i) => (i === 0 ? { ...m, checksum: "0".repeat(64) } : m));
    expect((await migrationStatus(database.runner, changed)).modified).toEqual([changed[0]!.name]);
    await expect(applyMigrations(database.runner, changed)).rejects.toThrow(/changed after being applied/);
  });
});

// The compatibility claim itself — "prisma migrate status agrees with what the app recorded" — is checked with
// the Prisma CLI, which can only talk to a real Postgres server: apply with our runner to a fresh database there,
// then ask Prisma. Runs in CI's Postgres pass (DATABASE_URL set).
if (process.env.DATABASE_URL) {
  it("prisma migrate status and migrate deploy agree with a database migrated by the app's runner", async () => {
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    const name = `svt_runner_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = `/${name}`;
    const client = new pg.Client({ connectionString: url.toString() });
    try {
      await client.connect();
      const runner: SqlRunner = {
        query: async (text, values) => (await client.query(text, values as unknown[])) as never,
        exec: (text) => client.query(text),
      };
      expect(await applyMigrations(runner)).toEqual(readMigrations().map((m) => m.name));
      const env = { ...process.env, DATABASE_URL: url.toString() };
      const status = execFileSync("npx", ["prisma", "migrate", "status"], { env, encoding: "utf8" });
      expect(status).toContain("Database schema is up to date!");
      const deploy = execFileSync("npx", ["prisma", "migrate", "deploy"], { env, encoding: "utf8" });
      expect(deploy).toContain("No pending migrations to apply.");
    } finally {
      await client.end();
      await admin.query(`DROP DATABASE IF EXISTS ${name}`);
      await admin.end();
    }
  }, 60_000);
}
