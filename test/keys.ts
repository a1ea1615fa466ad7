import { newBearerSigningKey, parseBearerKeys, type BearerAlgorithm } from "@/lib/server/key-config";
import { keyRingOf, type KeyRing } from "@/lib/token/bearer/internal/keys";

/**
 * Bearer key rings for the tests, built the way the app builds its own: a BEARER_SIGNING_KEYS value through the
 * configuration parser (lib/server/key-config.ts) and the area's ring (lib/token/bearer/internal/keys.ts).
 */

/** A fresh private key entry (base64url PKCS#8), as `npm run keys -- new` prints it. */
export const newKey = (alg: BearerAlgorithm = "EdDSA") => newBearerSigningKey(alg);

/** The ring a BEARER_SIGNING_KEYS value of these entries makes (newest first; `next:` marks allowed). */
export function ringOf(...entries: string[]): Promise<KeyRing> {
  return keyRingOf(parseBearerKeys(entries.join(",")));
}

/** The kid the app derives for a key entry. */
export const kidOf = (entry: string) => parseBearerKeys(entry.replace(/^next:/, ""))[0]!.kid;
