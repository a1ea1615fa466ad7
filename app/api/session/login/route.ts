import { z } from "zod";
import { checkOrigin, json, problem, refuseOtherMethods, route, tooManyRequests } from "@/lib/security/http";
import { readJson } from "@/lib/security/json";
import { startPasswordSession } from "@/lib/strategy/credential-policy";
import { routeContext, sessionSummary } from "@/lib/session";
import { checkSignIn } from "@/lib/accounts/sign-in";

// Shape only; checkSignIn validates the values and answers per field.
const body = z.object({ email: z.unknown().optional(), password: z.unknown().optional() });

/**
 * POST /api/session/login {email, password} (JSON, same origin) → 200 { user, session } and the session
 * cookie | 400 per-field | 401 (the same answer for unknown email and wrong password) | 429 with Retry-After.
 */
export const POST = route(async (request) => {
  const refused = checkOrigin(request);
  if (refused) return refused;
  const parsed = await readJson(request, body);
  if (!parsed.ok) return parsed.response;
  const check = await checkSignIn(parsed.data, request.headers, "session");
  if (!check.ok) {
    if (check.status === 429) return tooManyRequests(check.retryAfterSeconds ?? 60);
    return problem(check.status, check.error, check.fields);
  }
  const ctx = routeContext(request);
  const { session } = await startPasswordSession(check.user, { ip: check.ip, userAgent: check.userAgent }, ctx);
  const { id, email, name } = check.user;
  return ctx.applyTo(
    json({
      user: { id, email, name },
      session: sessionSummary(session),
    }),
  );
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = refuseOtherMethods("POST");
