import { withQueryCount } from "@/lib/server/query-count";
import { json, refuseOtherMethods, route } from "@/lib/security/http";
import { resolveSession, routeContext, sessionSummary } from "@/lib/session";

export const dynamic = "force-dynamic";

/**
 * GET /api/session/me → 200 { user, session } for a live session; 401 otherwise (no, a garbage, a tampered or
 * an expired cookie, or a revoked row — and the cookie is cleared). Used by the labs and the benchmark.
 * `X-DB-Queries` is the number of database queries the check issued (1 for a live session that needs no renewal;
 * scripts/two-instances.mjs).
 */
export const GET = route(async (request) => {
  const ctx = routeContext(request);
  const { result: read, queries } = await withQueryCount(() => resolveSession(ctx));
  const headers = { "X-DB-Queries": String(queries) };
  if (read.status !== "signed-in") {
    // `reason` (no-cookie, invalid, unknown, expired) is for the labs; it tells a cookie's holder nothing new.
    return ctx.applyTo(
      json({ error: "Not signed in to the session area.", reason: read.reason }, { status: 401, headers }),
    );
  }
  const { user, session, renewed } = read;
  const response = json(
    {
      user: { id: user.id, email: user.email, name: user.name },
      session: { ...sessionSummary(session), renewed },
    },
    { headers },
  );
  return ctx.applyTo(response);
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = refuseOtherMethods("GET");
