import { z } from "zod";
import { checkSignIn } from "@/lib/accounts/sign-in";
import { checkOrigin, json, problem, refuseOtherMethods, route, tooManyRequests } from "@/lib/security/http";
import { readJson } from "@/lib/security/json";
import { startBearerFamily } from "@/lib/strategy/credential-policy";

// Shape only; checkSignIn validates the values and answers per field.
const body = z.object({ email: z.unknown().optional(), password: z.unknown().optional() });

/**
 * POST /api/bearer/login {email, password} → 200 {accessToken, refreshToken, tokenType, expiresIn,
 * refreshExpiresAt} | 400 {error, fields} | 401 (one answer for every wrong credential) | 429.
 */
export const POST = route(async (request) => {
  const refused = checkOrigin(request);
  if (refused) return refused;
  const parsed = await readJson(request, body);
  if (!parsed.ok) return parsed.response;
  const check = await checkSignIn(parsed.data, request.headers, "bearer");
  if (!check.ok) {
    if (check.status === 429) return tooManyRequests(check.retryAfterSeconds ?? 60);
    return problem(check.status, check.error, check.fields);
  }
  const { pair } = await startBearerFamily(check.user, { ip: check.ip, userAgent: check.userAgent });
  return json(pair);
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = refuseOtherMethods("POST");
