import { withQueryCount } from "@/lib/server/query-count";
import { json, refuseOtherMethods, route } from "@/lib/security/http";
import { bearerIdentity, readBearer } from "@/lib/token/bearer";

/**
 * GET /api/bearer/me (Authorization: Bearer <access token>) → 200 {user, token: {header, claims, signature}},
 * where `token` is what the server verified; or 401 with a `WWW-Authenticate: Bearer` challenge. No database
 * access — the signature is the whole check — and `checks.databaseQueries` (and the `X-DB-Queries` header)
 * measures it.
 */
export const GET = route(async (request) => {
  const { result: auth, queries } = await withQueryCount(() => readBearer(request.headers));
  if (!auth.ok) {
    auth.response.headers.set("X-DB-Queries", String(queries));
    return auth.response;
  }
  return json(bearerIdentity(auth.token, queries), { headers: { "X-DB-Queries": String(queries) } });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = refuseOtherMethods("GET");
