import "server-only";
import { hash, randomBytes } from "node:crypto";

/**
 * The session secret and its hash. The cookie carries the secret (sealed); the `sessions` table stores only
 * SHA-256(secret) as the row id, so a copy of the database holds no usable credential. A fast hash is right
 * here: the secret has 256 bits of entropy, so there is nothing to brute-force (unlike a password).
 */

const SECRET_BYTES = 32;
/** 32 bytes in base64url, no padding. */
const SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function newSecret(): string {
  return randomBytes(SECRET_BYTES).toString("base64url");
}

export function isWellFormedSecret(value: unknown): value is string {
  return typeof value === "string" && SECRET_PATTERN.test(value);
}

/** The row id of a secret: SHA-256, lower-case hex (64 characters). */
export function hashSecret(secret: string): string {
  return hash("sha256", secret, "hex"); // one-shot: no Hash object per request
}

/** How the id is shown on pages and in logs: enough to tell rows apart, useless to anyone else. */
export function idPrefix(id: string): string {
  return id.slice(0, 12);
}
