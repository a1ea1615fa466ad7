import { withQueryCount } from "@/lib/server/query-count";
import { json, problem, refuseOtherMethods, route } from "@/lib/security/http";
import { readJwtRequest } from "@/lib/token/jwt";

/**
 * GET /api/token/me → 200 {user, token, checks} for a valid next-auth JWT session cookie, else 401. Identity
 * comes from the token itself; `checks.databaseQueries` is measured: 0 in the default mode, 1 in revocation
 * mode, also sent as the `X-DB-Queries` header (scripts/two-instances.mjs).
 */
export const GET = route(async (request) => {
  const { result: session, queries } = await withQueryCount(() => readJwtRequest(request));
  const headers = { "X-DB-Queries": String(queries) };
  if (!session) return problem(401, "Not signed in with a token.", undefined, headers);
  const { sub, name, email, iat, exp, jti, auth_time, token_version, revocation } = session.claims;
  return json(
    {
      user: { id: sub, name, email },
      token: { iat, exp, jti, authTime: auth_time, tokenVersion: token_version, revocation },
      checks: { databaseQueries: queries },
    },
    { headers },
  );
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = refuseOtherMethods("GET");
