import { json, refusal, refuseOtherMethods } from "@/lib/security/http";
import { jsonPost } from "@/lib/security/json";
import { clientMeta } from "@/lib/server/request-meta";
import { rotateBearerFamily } from "@/lib/strategy/credential-policy";
import { refreshTokenBody } from "@/lib/token/bearer";

/**
 * POST /api/bearer/refresh {refreshToken} → 200 with a new token pair (the presented refresh token is spent)
 * | 401 (unknown, expired, revoked, or reused — reuse revokes the whole family) | 429 per IP.
 */
export const POST = jsonPost(refreshTokenBody, async ({ refreshToken }, request) => {
  const outcome = await rotateBearerFamily(refreshToken, clientMeta(request.headers));
  return outcome.ok ? json(outcome.pair) : refusal(outcome);
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = refuseOtherMethods("POST");
