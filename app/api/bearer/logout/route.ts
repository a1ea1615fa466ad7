import { json, refuseOtherMethods } from "@/lib/security/http";
import { jsonPost } from "@/lib/security/json";
import { clientMeta } from "@/lib/server/request-meta";
import { refreshTokenBody, revokeBearer } from "@/lib/token/bearer";

/** POST /api/bearer/logout {refreshToken} → 200 {signedOut: true}; revokes the token's whole family. */
export const POST = jsonPost(refreshTokenBody, async ({ refreshToken }, request) => {
  await revokeBearer(refreshToken, clientMeta(request.headers));
  return json({ signedOut: true });
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = refuseOtherMethods("POST");
