import "server-only";
import { recordEvent } from "@/lib/accounts/audit-log";
import { hit, ipKey, limits } from "@/lib/security/rate-limit";
import type { ClientMeta } from "@/lib/server/request-meta";
import { tokenPair, type TokenPair } from "@/lib/token/bearer/create";
import { signAccessToken } from "@/lib/token/bearer/internal/access-token";
import { rotateRefreshToken } from "@/lib/token/bearer/internal/refresh-store";

/**
 * Renewing a bearer sign-in: the refresh token is spent and its successor issued in one atomic statement, with a
 * new access token. The family's expiry never moves; a spent token presented again revokes the whole family.
 * Only the credential policy calls it (lib/strategy/credential-policy.ts `rotateBearerFamily`).
 */

export type RefreshOutcome =
  | { ok: true; pair: TokenPair }
  | { ok: false; status: 401; error: string }
  | { ok: false; status: 429; error: string; retryAfterSeconds: number };

const LIMITED = "Too many refresh attempts from this address. Try again later.";
const REFUSED = "This refresh token is not valid. Sign in again.";
const REUSED =
  "This refresh token was already used, so it may have been stolen: every token of this sign-in has been revoked. Sign in again.";

/** Rate limited per address first (a refused attempt touches no token), then one atomic rotation. */
export async function rotateBearer(refreshToken: unknown, client: ClientMeta): Promise<RefreshOutcome> {
  const limit = await hit(ipKey("refresh", client.ip ?? "unknown"), limits().refreshPerIp);
  if (!limit.ok) return { ok: false, status: 429, error: LIMITED, retryAfterSeconds: limit.retryAfterSeconds };
  const outcome = await rotateRefreshToken(refreshToken, client);
  if (outcome.ok) {
    // Never past the family's end: a lab identity's family ends within seconds, and no family outlives it (I1).
    const untilFamilyEnd = (outcome.expiresAt.getTime() - Date.now()) / 1000;
    const access = await signAccessToken(outcome.user, outcome.familyId, { ttlSeconds: untilFamilyEnd });
    await recordEvent({
      userId: outcome.user.id,
      area: "bearer",
      type: "refresh",
      detail: "Refresh token rotated.",
      ...client,
    });
    return { ok: true, pair: tokenPair(access, outcome) };
  }
  if (outcome.reason !== "reused") return { ok: false, status: 401, error: REFUSED };
  if (outcome.revokedNow > 0)
    await recordEvent({
      userId: outcome.userId,
      area: "bearer",
      type: "refresh-reuse",
      detail: "A spent refresh token was presented again: its family was revoked.",
      ...client,
    });
  return { ok: false, status: 401, error: REUSED };
}
