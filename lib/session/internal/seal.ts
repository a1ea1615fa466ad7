import "server-only";
import { sealData, unsealData } from "iron-session";
import { env } from "@/lib/server/env";
import { COOKIE_BYTE_LIMIT } from "@/lib/session/internal/config";
import { sealExpiresAt } from "@/lib/session/internal/seal-format";
import { isWellFormedSecret } from "@/lib/session/internal/secret";
import { cachedUnseal, rememberUnseal } from "@/lib/session/internal/unseal-cache";

/**
 * iron-session seals exactly one thing: `{ secret }`, the random session secret. Everything else about the
 * session lives in its database row (docs/decisions/0010-session-cookie-and-rows.md). The seal is
 * AES-256-CBC + HMAC-SHA-256 under SESSION_SECRET (the Fe26.2 format of @hapi/iron) and carries its own
 * expiry, set to the cookie's.
 */

export type SealContent = { secret: string };

export type Unsealed = { ok: true; content: SealContent } | { ok: false; problem: string };

/** Password id 1; a later rotation adds `2: newSecret` and keeps 1 for unsealing until old cookies are gone. */
function passwords() {
  return { 1: env().SESSION_SECRET };
}

/** Seals the secret so that the seal itself expires after `ttlSeconds` (≥ 1). */
export async function sealSecret(secret: string, ttlSeconds: number): Promise<string> {
  return sealData({ secret } satisfies SealContent, { password: passwords(), ttl: Math.max(1, ttlSeconds) });
}

/**
 * Opens a seal. Never throws: iron-session 8 answers some bad seals with `{}` and rethrows others (a wrong
 * prefix, a non-numeric expiry, broken base64, non-JSON plaintext), so every failure becomes a `problem`.
 */
export async function unsealSecret(seal: string): Promise<Unsealed> {
  if (seal.length === 0) return { ok: false, problem: "empty" };
  if (seal.length > COOKIE_BYTE_LIMIT) return { ok: false, problem: "too long" };
  // The same cookie comes back on every request: a seal opened before is not decrypted again (unseal-cache.ts).
  const known = cachedUnseal(seal);
  if (known !== undefined) return { ok: true, content: { secret: known } };
  let content: unknown;
  try {
    content = await unsealData<unknown>(seal, { password: passwords() });
  } catch {
    return { ok: false, problem: "malformed seal" };
  }
  const secret = (content as { secret?: unknown } | null)?.secret;
  if (!isWellFormedSecret(secret)) return { ok: false, problem: "invalid, tampered or expired seal" };
  rememberUnseal(seal, secret, sealExpiresAt(seal));
  return { ok: true, content: { secret } };
}
