import "server-only";
import type { ClientMeta } from "@/lib/server/request-meta";
import { signAccessToken, type AccessTokenSubject } from "@/lib/token/bearer/internal/access-token";
import { issueRefreshToken } from "@/lib/token/bearer/internal/refresh-store";

/**
 * Starting a bearer sign-in for a user whose password was just verified: a new refresh-token family and its first
 * access token (docs/decisions/0021-token-bearer-jwt-and-refresh-rotation.md). Only the credential policy calls it.
 */

/** What POST /api/bearer/login and /refresh answer with. */
export type TokenPair = {
  accessToken: string;
  refreshToken: string;
  tokenType: "Bearer";
  expiresIn: number;
  refreshExpiresAt: string;
};

export function tokenPair(
  access: { token: string; expiresIn: number },
  refresh: { token: string; expiresAt: Date },
): TokenPair {
  return {
    accessToken: access.token,
    refreshToken: refresh.token,
    tokenType: "Bearer",
    expiresIn: access.expiresIn,
    refreshExpiresAt: refresh.expiresAt.toISOString(),
  };
}

/**
 * A new family and its first pair; logged as a sign-in unless `log` is false. `accessTtlSeconds` and `endsBy` can
 * only shorten the access token's and the family's lives (the credential policy passes them for a lab identity only).
 */
export async function createBearer(
  user: AccessTokenSubject,
  client: ClientMeta,
  { log = true, accessTtlSeconds, endsBy }: { log?: boolean; accessTtlSeconds?: number; endsBy?: Date } = {},
): Promise<{ pair: TokenPair; familyId: string }> {
  // The family and its "sign-in" line in one statement: one round trip on every bearer sign-in.
  const refresh = await issueRefreshToken(user.id, client, endsBy, log ? "Token family started." : undefined);
  const access = await signAccessToken(user, refresh.familyId, { ttlSeconds: accessTtlSeconds });
  return { pair: tokenPair(access, refresh), familyId: refresh.familyId };
}
