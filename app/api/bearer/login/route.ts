import { z } from "zod";
import { checkOrigin, refuseOtherMethods, route } from "@/lib/security/http";
import { readJson } from "@/lib/security/json";
import { bearerSignIn } from "@/lib/token/bearer-flow";

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
  return bearerSignIn(parsed.data, request.headers);
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = refuseOtherMethods("POST");
