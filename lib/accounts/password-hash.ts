import "server-only";
import { availableParallelism } from "node:os";
import { hash, verify } from "@node-rs/argon2";

/**
 * Password hashing: argon2id at OWASP's recommended minimum (19 MiB, 2 iterations, 1 lane). @node-rs/argon2
 * runs it on libuv's thread pool, so it never runs on the event loop (≈5 ms a hash on this machine).
 *
 * Off the event loop is not enough on a small machine: four pool threads hashing at once on two cores take
 * the CPU away from the event loop, and every other request waits. So at most `cores - 1` hashes run at once
 * (at least one); further sign-ins queue here. Sign-ins get slower under a burst; everything else does not.
 */
const ARGON2 = { algorithm: 2 /* Argon2id */, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

const MAX_CONCURRENT = Math.max(1, availableParallelism() - 1);
let running = 0;
const waiting: Array<() => void> = [];

async function limited<T>(work: () => Promise<T>): Promise<T> {
  if (running >= MAX_CONCURRENT) await new Promise<void>((resolve) => waiting.push(resolve));
  else running++;
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next)
      next(); // hand the slot straight to the next waiter
    else running--;
  }
}

export function hashPassword(password: string): Promise<string> {
  return limited(() => hash(password, ARGON2));
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await limited(() => verify(passwordHash, password));
  } catch {
    return false; // a malformed stored hash is a failed verification, not a crash
  }
}
