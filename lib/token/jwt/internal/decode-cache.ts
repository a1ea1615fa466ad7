import "server-only";
import { expiringCache } from "@/lib/server/expiring-cache";
import type { TokenClaims } from "@/lib/token/jwt/internal/claims";

/**
 * Remembers next-auth session cookies this process has already decrypted, so a browser that sends the same
 * cookie on every request pays for the HKDF key derivation and the JWE decryption (A256CBC-HS512 through
 * WebCrypto) once, not on every request (docs/decisions/0030-performance.md).
 *
 * Why this does not weaken anything:
 * - the key is the cookie's name (the key-derivation salt) and its whole value; a JWE is immutable, so the same
 *   bytes always decrypt to the same claims under the same AUTH_SECRET, and a hit returns what a fresh decode
 *   would;
 * - only cookies that decrypted and parsed are stored (forgeries and garbage are re-checked every time);
 * - an entry is used only strictly before the token's `exp` (Auth.js itself would allow 15 s of skew);
 * - it caches the decryption only: the absolute lifetime and, in revocation mode, the account's
 *   `tokenVersion` are still checked on every request (lib/token/jwt/read.ts `checkJwt`).
 * Bounded: the least recently used entry goes when the cache is full (lib/server/expiring-cache.ts).
 */

export const DECODE_CACHE_MAX_ENTRIES = 10_000;

const decoded = expiringCache<TokenClaims>("__svtTokenDecodeCache", DECODE_CACHE_MAX_ENTRIES);

const keyOf = (name: string, value: string) => `${name}=${value}`;

/** A copy of the claims of a cookie decoded before whose `exp` has not passed, or undefined. */
export function cachedDecode(name: string, value: string, nowMs = Date.now()): TokenClaims | undefined {
  const claims = decoded.get(keyOf(name, value), nowMs);
  return claims ? { ...claims } : undefined;
}

/** Records a cookie that just decrypted to valid claims. */
export function rememberDecode(name: string, value: string, claims: TokenClaims, nowMs = Date.now()): void {
  decoded.set(keyOf(name, value), { ...claims }, claims.exp * 1000, nowMs);
}

/** Empties the cache (tests). */
export function clearDecodeCache(): void {
  decoded.clear();
}

export function decodeCacheSize(): number {
  return decoded.size;
}
