import { checkOrigin, refuseOtherMethods, route } from "@/lib/security/http";
import { readJson } from "@/lib/security/json";
import { bearerSignOut } from "@/lib/token/bearer-flow";
import { refreshTokenBody } from "@/lib/token/refresh-body";

/** POST /api/bearer/logout {refreshToken} → 200 {signedOut: true}; revokes the token's whole family. */
export const POST = route(async (request) => {
  const refused = checkOrigin(request);
  if (refused) return refused;
  const parsed = await readJson(request, refreshTokenBody);
  if (!parsed.ok) return parsed.response;
  return bearerSignOut(parsed.data.refreshToken, request.headers);
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = refuseOtherMethods("POST");
