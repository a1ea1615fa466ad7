import { checkOrigin, refuseOtherMethods, route } from "@/lib/security/http";
import { readJson } from "@/lib/security/json";
import { bearerRefresh } from "@/lib/token/bearer-flow";
import { refreshTokenBody } from "@/lib/token/refresh-body";

/**
 * POST /api/bearer/refresh {refreshToken} → 200 with a new token pair (the presented refresh token is spent)
 * | 401 (unknown, expired, revoked, or reused — reuse revokes the whole family) | 429 per IP.
 */
export const POST = route(async (request) => {
  const refused = checkOrigin(request);
  if (refused) return refused;
  const parsed = await readJson(request, refreshTokenBody);
  if (!parsed.ok) return parsed.response;
  return bearerRefresh(parsed.data.refreshToken, request.headers);
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = refuseOtherMethods("POST");
