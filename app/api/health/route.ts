import { db } from "@/lib/db";
import { migrationStatus } from "@/lib/db/migrations";
import { json, refuseOtherMethods, route } from "@/lib/security/http";

export const dynamic = "force-dynamic";

/** GET /api/health → 200 {status, database, migrations} when the database answers and is current; else 503. */
export const GET = route(async () => {
  let database;
  try {
    database = await db();
    await database.sql("SELECT 1");
  } catch {
    return json({ status: "unavailable", database: null }, { status: 503, headers: { "Retry-After": "5" } });
  }
  const migrations = await migrationStatus(database.runner);
  const body = { status: migrations.current ? "ok" : "migrations-pending", database: database.kind, migrations };
  return json(body, { status: migrations.current ? 200 : 503 });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = refuseOtherMethods("GET");
