import "server-only";
import { isAblated } from "@/lib/server/bench-build";
import { expiringCache } from "@/lib/server/expiring-cache";
import type { TokenClaims } from "@/lib/token/jwt/internal/claims";
import { jwtSecrets, type JwtSecrets } from "@/lib/token/jwt/internal/secrets";

/**
 * Remembers next-auth session cookies this process has already decrypted, so a browser that sends the same
 * cookie on every request pays for the HKDF key derivation and the JWE decryption (A256CBC-HS512 through
 * WebCrypto) once, not on every request (docs/decisions/0030-performance.md).
 *
 * Why this does not weaken anything:
 * - the key is the cookie's name (the key-derivation salt) and its whole value; a JWE is immutable, so the same
 *   bytes always decrypt to the same claims under the same secrets, and a hit returns what a fresh decode would.
 *   Every entry is filed under the fingerprint of the secret list it was decrypted with (secrets.ts), so once a
 *   secret is removed — a restart in production, an in-process reload of .env in `next dev` — no cookie it
 *   encrypted is answered from here;
 * - only cookies that decrypted and parsed are stored (forgeries and garbage are re-checked every time);
 * - an entry is used only strictly before the token's `exp` (Auth.js itself would allow 15 s of skew);
 * - it caches the decryption only: the absolute lifetime and, in revocation mode, the account's
 *   `tokenVersion` are still checked on every request (lib/token/jwt/read.ts `checkJwt`).
 * Bounded: the least recently used entry goes when the cache is full (lib/server/expiring-cache.ts).
 */

export const DECODE_CACHE_MAX_ENTRIES = 10_000;

const decoded = expiringCache<TokenClaims>("__svtTokenDecodeCache", DECODE_CACHE_MAX_ENTRIES);
/** Off only in a benchmark ablation (lib/server/bench-build.ts; constant false in every other build). */
const off = () => isAblated("decode-cache");

const keyOf = (secrets: JwtSecrets, name: string, value: string) => `${secrets.ringId}|${name}=${value}`;

/** A copy of the claims of a cookie decoded before under these secrets whose `exp` has not passed, or undefined. */
export function cachedDecode(
  name: string,
  value: string,
  secrets: JwtSecrets = jwtSecrets(),
  nowMs = Date.now(),
): TokenClaims | undefined {
  if (off()) return undefined;
  const claims = decoded.get(keyOf(secrets, name, value), nowMs);
  return claims ? { ...claims } : undefined;
}

/** Records a cookie that just decrypted to valid claims. */
export function rememberDecode(
  name: string,
  value: string,
  claims: TokenClaims,
  secrets: JwtSecrets = jwtSecrets(),
  nowMs = Date.now(),
): void {
  if (off()) return;
  decoded.set(keyOf(secrets, name, value), { ...claims }, claims.exp * 1000, nowMs);
}

/** Empties the cache (tests). */
export function clearDecodeCache(): void {
  decoded.clear();
}

export function decodeCacheSize(): number {
  return decoded.size;
}
