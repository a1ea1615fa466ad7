import "server-only";
import { isAblated } from "@/lib/server/bench-build";
import { expiringCache } from "@/lib/server/expiring-cache";
import { sealPasswords, type SealPasswords } from "@/lib/session/internal/passwords";

/**
 * Remembers seals this process has already opened, so a browser that sends the same cookie on every request
 * pays for AES-256-CBC + HMAC + two PBKDF2 derivations (iron-session's WebCrypto unseal, ≈230 µs of CPU here)
 * once, not on every request (docs/decisions/0030-performance.md).
 *
 * Why this does not weaken anything:
 * - the key is the whole seal string, and a seal is immutable: the same bytes always unseal to the same secret
 *   under the same passwords, so a hit returns exactly what a fresh unseal would. Every entry is filed under the
 *   fingerprint of the password list it was opened with (passwords.ts), so once a password is removed — a
 *   restart in production, an in-process reload of .env in `next dev` — no seal it made is answered from here;
 * - only successful unseals are stored (garbage and forgeries never occupy a slot and are re-checked each time);
 * - an entry is used only strictly before the seal's own expiry (iron would even allow 60 s of skew after it);
 * - it caches the cookie → secret step only. Whether the session is alive is still decided by the database row
 *   on every request, so sign-out and revocation take effect on the very next request.
 * Bounded: the least recently used entry goes when the cache is full (lib/server/expiring-cache.ts).
 */

export const UNSEAL_CACHE_MAX_ENTRIES = 10_000;

const seals = expiringCache<string>("__svtUnsealCache", UNSEAL_CACHE_MAX_ENTRIES);
/** Off only in a benchmark ablation (lib/server/bench-build.ts; constant false in every other build). */
const off = () => isAblated("unseal-cache");

const keyOf = (passwords: SealPasswords, value: string) => `${passwords.ringId}|${value}`;

/** The secret of a seal opened before under these passwords and not yet expired, or undefined. */
export function cachedUnseal(
  seal: string,
  passwords: SealPasswords = sealPasswords(),
  now = Date.now(),
): string | undefined {
  if (off()) return undefined;
  return seals.get(keyOf(passwords, seal), now);
}

/** Records a seal that just unsealed successfully; `expiresAt` is the seal's own expiry (ms). */
export function rememberUnseal(
  seal: string,
  secret: string,
  expiresAt: number | null,
  passwords: SealPasswords = sealPasswords(),
  now = Date.now(),
): void {
  if (expiresAt !== null && !off()) seals.set(keyOf(passwords, seal), secret, expiresAt, now);
}

/**
 * Re-issued seals, per row and row end: once a renewal has moved a row's end, every response that catches a
 * lagging cookie up (a client that ignores Set-Cookie, or requests already in flight) hands out the same new
 * seal instead of sealing again (≈ 250 µs of WebCrypto each time). The seal holds the same secret the client
 * already has, and expires with the row's end, so reusing it reveals and extends nothing.
 */
const reissues = expiringCache<string>("__svtReissueCache", UNSEAL_CACHE_MAX_ENTRIES);

export function reissuedSeal(rowId: string, rowEndsAt: number, passwords = sealPasswords()): string | undefined {
  return reissues.get(keyOf(passwords, `${rowId}@${rowEndsAt}`));
}

export function rememberReissue(rowId: string, rowEndsAt: number, seal: string, passwords = sealPasswords()): void {
  reissues.set(keyOf(passwords, `${rowId}@${rowEndsAt}`), seal, rowEndsAt);
}

/** Empties both caches (tests). */
export function clearUnsealCache(): void {
  seals.clear();
  reissues.clear();
}

export function unsealCacheSize(): number {
  return seals.size;
}
