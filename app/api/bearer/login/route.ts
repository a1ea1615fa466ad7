import { signInRoute } from "@/lib/accounts/sign-in-route";
import { json, refuseOtherMethods } from "@/lib/security/http";
import { startBearerFamily } from "@/lib/strategy/credential-policy";

/**
 * POST /api/bearer/login {email, password} → 200 {accessToken, refreshToken, tokenType, expiresIn,
 * refreshExpiresAt} | 400 {error, fields} | 401 (one answer for every wrong credential) | 429.
 */
export const POST = signInRoute("bearer", async (check) => {
  const { pair } = await startBearerFamily(check.user, { ip: check.ip, userAgent: check.userAgent });
  return json(pair);
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = refuseOtherMethods("POST");
