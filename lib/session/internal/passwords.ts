import "server-only";
import { env } from "@/lib/server/env";
import { listFingerprint, memoised, type SessionPassword } from "@/lib/server/key-config";

/**
 * The session area's key ring: iron-session's numbered passwords (docs/key-rotation.md). SESSION_SECRET is password
 * 1, SESSION_SECRET_<n> password n (lib/server/key-config.ts). iron-session seals under the highest id and writes it
 * into the seal (`Fe26.2*<id>*…`); a seal opens only while its id is listed, with the same secret. So adding
 * SESSION_SECRET_2 makes every new seal an id-2 seal while id-1 seals keep opening, and removing SESSION_SECRET
 * later ends exactly the id-1 seals. Today's single SESSION_SECRET is password 1, as it always was.
 */

export type SealPasswords = {
  /** id → secret, without a prototype: a seal naming id `constructor` or `__proto__` finds nothing. */
  map: Record<string, string>;
  /** The id new seals are made under. */
  sealingId: number;
  /** Every listed id, newest first. */
  ids: number[];
  /**
   * A fingerprint of the ids and secrets (never shown anywhere): the caches of opened seals are keyed by it, so
   * a seal opened under one list is not answered from memory under another (unseal-cache.ts).
   */
  ringId: string;
};

export const sealPasswordsOf = memoised((passwords: SessionPassword[]): SealPasswords => {
  const map = Object.create(null) as Record<string, string>;
  for (const { id, secret } of passwords) map[String(id)] = secret;
  return {
    map,
    sealingId: passwords[0]!.id,
    ids: passwords.map((p) => p.id),
    ringId: listFingerprint(passwords.map(({ id, secret }) => `${id}:${secret}`)),
  };
});

/** This process's session passwords. */
export function sealPasswords(): SealPasswords {
  return sealPasswordsOf(env().sessionPasswords);
}

/** Which password ids the server holds and which one seals (ids only, never a secret): for the labs and pages. */
export function sessionKeyRing(): { sealingId: number; ids: number[] } {
  const { sealingId, ids } = sealPasswords();
  return { sealingId, ids };
}
