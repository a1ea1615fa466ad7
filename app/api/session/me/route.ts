import { json, refuseOtherMethods, route } from "@/lib/security/http";
import { requestContext, resolveSession } from "@/lib/session";
import { idPrefix } from "@/lib/session/secret";
import { endOf } from "@/lib/session/timeouts";

export const dynamic = "force-dynamic";

/**
 * GET /api/session/me → 200 { user, session } for a live session; 401 otherwise (no, a garbage, a tampered or
 * an expired cookie, or a revoked row — and the cookie is cleared). Used by the labs and the benchmark.
 */
export const GET = route(async () => {
  const read = await resolveSession(await requestContext());
  if (read.status !== "signed-in") {
    // `reason` (no-cookie, invalid, unknown, expired) is for the labs; it tells a cookie's holder nothing new.
    return json({ error: "Not signed in to the session area.", reason: read.reason }, { status: 401 });
  }
  const { user, session, renewed } = read;
  return json({
    user: { id: user.id, email: user.email, name: user.name },
    session: {
      idPrefix: idPrefix(session.id),
      createdAt: session.createdAt.toISOString(),
      lastSeenAt: session.lastSeenAt.toISOString(),
      idleExpiresAt: session.idleExpiresAt.toISOString(),
      absoluteExpiresAt: session.absoluteExpiresAt.toISOString(),
      expiresAt: endOf(session).toISOString(),
      renewed,
    },
  });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = refuseOtherMethods("GET");
