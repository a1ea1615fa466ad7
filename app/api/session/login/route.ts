import { signInRoute } from "@/lib/accounts/sign-in-route";
import { json, refuseOtherMethods } from "@/lib/security/http";
import { routeContext, sessionSummary } from "@/lib/session";
import { startPasswordSession } from "@/lib/strategy/credential-policy";

/**
 * POST /api/session/login {email, password} (JSON, same origin) → 200 { user, session } and the session
 * cookie | 400 per-field | 401 (the same answer for unknown email and wrong password) | 429 with Retry-After.
 */
export const POST = signInRoute("session", async (check, request) => {
  const ctx = routeContext(request);
  const { session } = await startPasswordSession(check.user, { ip: check.ip, userAgent: check.userAgent }, ctx);
  const { id, email, name } = check.user;
  return ctx.applyTo(json({ user: { id, email, name }, session: sessionSummary(session) }));
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = refuseOtherMethods("POST");
