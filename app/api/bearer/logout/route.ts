import { checkOrigin, json, refuseOtherMethods, route } from "@/lib/security/http";
import { readJson } from "@/lib/security/json";
import { clientMeta } from "@/lib/server/request-meta";
import { refreshTokenBody, revokeBearer } from "@/lib/token/bearer";

/** POST /api/bearer/logout {refreshToken} → 200 {signedOut: true}; revokes the token's whole family. */
export const POST = route(async (request) => {
  const refused = checkOrigin(request);
  if (refused) return refused;
  const parsed = await readJson(request, refreshTokenBody);
  if (!parsed.ok) return parsed.response;
  await revokeBearer(parsed.data.refreshToken, clientMeta(request.headers));
  return json({ signedOut: true });
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = refuseOtherMethods("POST");
