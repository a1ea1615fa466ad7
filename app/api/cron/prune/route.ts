import { env } from "@/lib/server/env";
import { cronAuthorized } from "@/lib/retention/cron-auth";
import { pruneAll } from "@/lib/retention/prune";
import { json, problem, refuseOtherMethods, route } from "@/lib/security/http";

export const dynamic = "force-dynamic";
export const maxDuration = 60;

/** Stays well inside the function's time limit; what is left is pruned by the next run or by sign-ins. */
const BUDGET_MS = 10_000;

/**
 * GET /api/cron/prune — the retention pass for Vercel Cron (vercel.json, daily at 04:00 UTC).
 * - CRON_SECRET unset → 404: the endpoint does not exist on this deployment (nothing to guess, nothing runs);
 * - no or wrong `Authorization: Bearer $CRON_SECRET` → 401, nothing runs;
 * - otherwise 200 `{ pruned: { sessions, refreshTokens, rateLimits, authEvents, labIdentities }, complete, rounds }`.
 * Every other method → 405. No Origin check: GET changes nothing a browser could be tricked into, and the secret
 * is the authentication (proxy.ts does not run for /api). SECURITY.md "Retention".
 */
export const GET = route(async (request) => {
  const secret = env().CRON_SECRET;
  if (!secret) return problem(404, "Not found.");
  if (!cronAuthorized(request.headers.get("authorization"), secret)) {
    return problem(401, "This endpoint needs Authorization: Bearer with the deployment's CRON_SECRET.", undefined, {
      "WWW-Authenticate": 'Bearer realm="cron"',
    });
  }
  return json(await pruneAll({ budgetMs: BUDGET_MS }));
});

const refused = refuseOtherMethods("GET");
export const { POST, PUT, PATCH, DELETE, OPTIONS } = refused;
// HEAD would otherwise run GET without a body: refused like every method but GET.
export const HEAD = refused.HEAD;
