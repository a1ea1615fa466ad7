import "server-only";
import { sealData, unsealData } from "iron-session";
import { COOKIE_BYTE_LIMIT } from "@/lib/session/internal/config";
import { sealPasswords, type SealPasswords } from "@/lib/session/internal/passwords";
import { sealExpiresAt } from "@/lib/session/internal/seal-format";
import { isWellFormedSecret } from "@/lib/session/internal/secret";
import { cachedUnseal, rememberUnseal } from "@/lib/session/internal/unseal-cache";

/**
 * iron-session seals exactly one thing: `{ secret }`, the random session secret. Everything else about the
 * session lives in its database row (docs/decisions/0010-session-cookie-and-rows.md). The seal is
 * AES-256-CBC + HMAC-SHA-256 under the newest session password (the Fe26.2 format of @hapi/iron; SESSION_SECRET is
 * password 1, rotation adds SESSION_SECRET_2…: passwords.ts) and carries its own expiry, set to the cookie's.
 */

export type SealContent = { secret: string };

export type Unsealed = { ok: true; content: SealContent } | { ok: false; problem: string };

/** Seals the secret under the newest password, so that the seal itself expires after `ttlSeconds` (≥ 1). */
export async function sealSecret(
  secret: string,
  ttlSeconds: number,
  passwords: SealPasswords = sealPasswords(),
): Promise<string> {
  const password = { [passwords.sealingId]: passwords.map[passwords.sealingId]! };
  return sealData({ secret } satisfies SealContent, { password, ttl: Math.max(1, ttlSeconds) });
}

/**
 * Opens a seal. Never throws: iron-session 8 answers some bad seals with `{}` and rethrows others (a wrong
 * prefix, a non-numeric expiry, broken base64, non-JSON plaintext), so every failure becomes a `problem`.
 */
export async function unsealSecret(seal: string, passwords: SealPasswords = sealPasswords()): Promise<Unsealed> {
  if (seal.length === 0) return { ok: false, problem: "empty" };
  if (seal.length > COOKIE_BYTE_LIMIT) return { ok: false, problem: "too long" };
  // The same cookie comes back on every request: a seal opened before is not decrypted again (unseal-cache.ts).
  const known = cachedUnseal(seal, passwords);
  if (known !== undefined) return { ok: true, content: { secret: known } };
  let content: unknown;
  try {
    content = await unsealData<unknown>(seal, { password: passwords.map });
  } catch {
    return { ok: false, problem: "malformed seal" };
  }
  const secret = (content as { secret?: unknown } | null)?.secret;
  if (!isWellFormedSecret(secret)) return { ok: false, problem: "invalid, tampered or expired seal" };
  rememberUnseal(seal, secret, sealExpiresAt(seal), passwords);
  return { ok: true, content: { secret } };
}
