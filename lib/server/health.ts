import "server-only";
import { db } from "@/lib/server/db";
import { migrationStatus } from "@/lib/server/db/migrations";

/**
 * Whether the app can serve: the database answers and its migrations are current. What GET /api/health reports;
 * the test harness and load balancers wait for it.
 */
export async function databaseHealth() {
  let database;
  try {
    database = await db();
    await database.sql("SELECT 1");
  } catch {
    return { ok: false as const, body: { status: "unavailable", database: null } };
  }
  const migrations = await migrationStatus(database.runner);
  return {
    ok: migrations.current,
    body: { status: migrations.current ? "ok" : "migrations-pending", database: database.kind, migrations },
  };
}
