import { checkOrigin, json, problem, refuseOtherMethods, route, tooManyRequests } from "@/lib/security/http";
import { readJson } from "@/lib/security/json";
import { clientMeta } from "@/lib/server/request-meta";
import { rotateBearerFamily } from "@/lib/strategy/credential-policy";
import { refreshTokenBody } from "@/lib/token/bearer";

/**
 * POST /api/bearer/refresh {refreshToken} → 200 with a new token pair (the presented refresh token is spent)
 * | 401 (unknown, expired, revoked, or reused — reuse revokes the whole family) | 429 per IP.
 */
export const POST = route(async (request) => {
  const refused = checkOrigin(request);
  if (refused) return refused;
  const parsed = await readJson(request, refreshTokenBody);
  if (!parsed.ok) return parsed.response;
  const outcome = await rotateBearerFamily(parsed.data.refreshToken, clientMeta(request.headers));
  if (outcome.ok) return json(outcome.pair);
  return outcome.status === 429 ? tooManyRequests(outcome.retryAfterSeconds) : problem(401, outcome.message);
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = refuseOtherMethods("POST");
