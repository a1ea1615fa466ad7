import "server-only";
import type { TokenClaims } from "@/lib/token/claims";

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
 *   `tokenVersion` are still checked on every request (lib/token/read.ts `checkToken`).
 * Bounded: the least recently used entry goes when the cache is full.
 */

export const DECODE_CACHE_MAX_ENTRIES = 10_000;

const globalForCache = globalThis as unknown as { __svtTokenDecodeCache?: Map<string, TokenClaims> };
const entries = (globalForCache.__svtTokenDecodeCache ??= new Map<string, TokenClaims>());

const keyOf = (name: string, value: string) => `${name}=${value}`;

/** A copy of the claims of a cookie decoded before whose `exp` has not passed, or undefined. */
export function cachedDecode(name: string, value: string, nowMs = Date.now()): TokenClaims | undefined {
  const key = keyOf(name, value);
  const claims = entries.get(key);
  if (!claims) return undefined;
  entries.delete(key);
  if (nowMs >= claims.exp * 1000) return undefined;
  entries.set(key, claims); // most recently used last
  return { ...claims };
}

/** Records a cookie that just decrypted to valid claims. */
export function rememberDecode(name: string, value: string, claims: TokenClaims, nowMs = Date.now()): void {
  if (nowMs >= claims.exp * 1000) return;
  const key = keyOf(name, value);
  entries.delete(key);
  entries.set(key, { ...claims });
  while (entries.size > DECODE_CACHE_MAX_ENTRIES) {
    const oldest = entries.keys().next().value;
    if (oldest === undefined) break;
    entries.delete(oldest);
  }
}

/** Empties the cache (tests). */
export function clearDecodeCache(): void {
  entries.clear();
}

export function decodeCacheSize(): number {
  return entries.size;
}
