import "server-only";
import { isAblated } from "@/lib/server/bench-build";
import { expiringCache } from "@/lib/server/expiring-cache";
import type { VerifiedAccessToken } from "@/lib/token/bearer/internal/claims";
import type { KeyRing } from "@/lib/token/bearer/internal/keys";

/**
 * Remembers bearer access tokens this process has already verified, so a client that sends the same token on
 * every request pays for jose's verification (an EdDSA or ES256 signature check through WebCrypto, run as an async
 * job, plus the header and claim checks) once, not on every request — as the seal
 * (lib/session/internal/unseal-cache.ts) and the next-auth cookie (decode-cache.ts) already are
 * (docs/decisions/0030-performance.md).
 *
 * Why this does not weaken anything:
 * - the key is the whole token, and a JWS is immutable: the same bytes always verify to the same header and
 *   claims under the same public key. An entry is answered only while the key that signed it (its `kid`, a
 *   thumbprint of the public key) is still in the ring the caller verifies with: once a key is removed, no token
 *   it signed is answered from here, whether the process restarted (production: a configuration change is a new
 *   deployment) or reloaded its environment in place (`next dev` re-reads .env files without a restart, and this
 *   map lives on globalThis);
 * - only tokens that passed every check are stored: a tampered, forged, expired or malformed token is a
 *   different string, never found here, and goes through the full verification every time;
 * - an entry is used only strictly before the token stops being valid — its `exp`, or `iat` + the access
 *   lifetime, whichever comes first — with no clock tolerance (jose would allow a few seconds more);
 * - an access token was never revocable before its `exp` (that is the bearer flow's trade-off: sign-out
 *   revokes the refresh family, docs/decisions/0021-token-bearer-jwt-and-refresh-rotation.md), so there is
 *   nothing a cache could miss.
 * Bounded: the least recently used entry goes when the cache is full (lib/server/expiring-cache.ts).
 */

export const VERIFY_CACHE_MAX_ENTRIES = 10_000;

const verified = expiringCache<VerifiedAccessToken>("__svtBearerVerifyCache", VERIFY_CACHE_MAX_ENTRIES);
/** Off only in a benchmark ablation (lib/server/bench-build.ts; constant false in every other build). */
const off = () => isAblated("verify-cache");

const copy = (token: VerifiedAccessToken): VerifiedAccessToken => ({
  header: { ...token.header },
  claims: { ...token.claims },
  signature: token.signature,
});

/**
 * A copy of what an earlier verification of this exact token returned, while the token is still valid and the key
 * that signed it is still in `ring`; an entry whose key is gone is dropped.
 */
export function cachedVerify(
  token: string,
  ring: Pick<KeyRing, "byKid">,
  nowMs = Date.now(),
): VerifiedAccessToken | undefined {
  if (off()) return undefined;
  const known = verified.get(token, nowMs);
  if (!known) return undefined;
  if (ring.byKid.get(known.header.kid)?.alg !== known.header.alg) {
    verified.delete(token);
    return undefined;
  }
  return copy(known);
}

/** Records a token that just passed verification; `maxAgeSeconds` is the access lifetime it was checked against. */
export function rememberVerify(token: string, result: VerifiedAccessToken, maxAgeSeconds: number, nowMs = Date.now()) {
  if (off()) return;
  const { exp, iat } = result.claims;
  verified.set(token, copy(result), Math.min(exp, iat + maxAgeSeconds) * 1000, nowMs);
}

/** Empties the cache (tests). */
export function clearVerifyCache(): void {
  verified.clear();
}

export function verifyCacheSize(): number {
  return verified.size;
}
