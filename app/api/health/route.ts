import { json, refuseOtherMethods, route } from "@/lib/security/http";
import { databaseHealth } from "@/lib/server/health";

export const dynamic = "force-dynamic";

/** GET /api/health → 200 {status, database, migrations} when the database answers and is current; else 503. */
export const GET = route(async () => {
  const health = await databaseHealth();
  if (health.ok) return json(health.body);
  const retry = health.body.database === null ? { "Retry-After": "5" } : undefined;
  return json(health.body, { status: 503, headers: retry });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = refuseOtherMethods("GET");
