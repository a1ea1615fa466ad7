import "server-only";
import { hash, verify } from "@node-rs/argon2";

/**
 * Password hashing: argon2id at OWASP's recommended minimum (19 MiB, 2 iterations, 1 lane). @node-rs/argon2
 * runs it on libuv's thread pool, so a sign-in never blocks the event loop (≈5 ms a hash on this machine).
 */
const ARGON2 = { algorithm: 2 /* Argon2id */, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false; // a malformed stored hash is a failed verification, not a crash
  }
}
