import { recentEvents } from "@/lib/auth-events";
import { json, refuseOtherMethods, route } from "@/lib/security/http";
import { authenticateBearer } from "@/lib/token/bearer-flow";
import { listRefreshTokens } from "@/lib/token/refresh";

/**
 * GET /api/bearer/tokens (Authorization: Bearer) → 200 {familyId, tokens, events}: the caller's newest
 * refresh-token rows exactly as the server stores them (hash prefixes, used/revoked times) and the bearer
 * lifecycle log, for "what the server stores".
 */
export const GET = route(async (request) => {
  const auth = await authenticateBearer(request.headers);
  if (!auth.ok) return auth.response;
  const { sub, sid } = auth.token.claims;
  const [tokens, events] = await Promise.all([listRefreshTokens(sub), recentEvents(sub, "bearer", 8)]);
  return json({
    familyId: sid,
    tokens,
    events: events.map(({ id, type, detail, createdAt }) => ({ id, type, detail, createdAt })),
  });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = refuseOtherMethods("GET");
