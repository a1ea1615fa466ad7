import { json, refuseOtherMethods, route } from "@/lib/security/http";
import { describeBearer, readBearer } from "@/lib/token/bearer";

/**
 * GET /api/bearer/tokens (Authorization: Bearer) → 200 {familyId, tokens, events}: the caller's newest
 * refresh-token rows exactly as the server stores them (hash prefixes, used/revoked times) and the bearer
 * lifecycle log, for "what the server stores".
 */
export const GET = route(async (request) => {
  const auth = await readBearer(request.headers);
  if (!auth.ok) return auth.response;
  const { sub, sid } = auth.token.claims;
  return json(await describeBearer(sub, sid));
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = refuseOtherMethods("GET");
