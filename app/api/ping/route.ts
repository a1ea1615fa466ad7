import { json, refuseOtherMethods } from "@/lib/security/http";

export const dynamic = "force-dynamic";

/**
 * GET /api/ping → 200 {ok: true}. The benchmark's baseline (bench/run.mjs): the same Next.js route-handler
 * machinery as the authenticated routes, and nothing else — no cookies, no database, no crypto. Every other
 * route's throughput is reported as a ratio to this one.
 */
export function GET() {
  return json({ ok: true });
}

export const { POST, PUT, PATCH, DELETE, OPTIONS } = refuseOtherMethods("GET");
