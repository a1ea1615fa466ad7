import "server-only";
import { env } from "@/lib/server/env";

/**
 * The bearer flow's signing key: HMAC-SHA-256, derived from AUTH_SECRET with HKDF-SHA-256 under its own
 * `info` label, so it is independent of the keys Auth.js derives from the same secret (different label, so
 * a token of one kind can never be accepted as the other) and operators manage one secret, not two
 * (docs/decisions/0021-token-bearer-jwt-and-refresh-rotation.md). Imported once per process as a
 * non-extractable CryptoKey usable only for sign and verify.
 */

export const BEARER_KEY_SALT = "sessions-vs-tokens";
export const BEARER_KEY_INFO = "sessions-vs-tokens bearer access token HS256 v1";

/** Derives an HS256 key from a secret (exported for the tests' "wrong key" cases). */
export async function deriveHs256Key(secret: string, info = BEARER_KEY_INFO): Promise<CryptoKey> {
  const encoder = new TextEncoder();
  const material = await crypto.subtle.importKey("raw", encoder.encode(secret), "HKDF", false, ["deriveKey"]);
  return crypto.subtle.deriveKey(
    { name: "HKDF", hash: "SHA-256", salt: encoder.encode(BEARER_KEY_SALT), info: encoder.encode(info) },
    material,
    { name: "HMAC", hash: "SHA-256", length: 256 },
    false,
    ["sign", "verify"],
  );
}

let cached: Promise<CryptoKey> | undefined;

/** The process's bearer signing key, derived on first use. */
export function bearerKey(): Promise<CryptoKey> {
  cached ??= deriveHs256Key(env().AUTH_SECRET).catch((error) => {
    cached = undefined;
    throw error;
  });
  return cached;
}
