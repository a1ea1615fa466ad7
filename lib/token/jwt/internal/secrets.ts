import "server-only";
import { env } from "@/lib/server/env";
import { listFingerprint, memoised, type AuthSecret } from "@/lib/server/key-config";

/**
 * The JWT area's key ring: Auth.js's secret list (docs/key-rotation.md). Auth.js encrypts with the first secret and
 * decrypts with each in turn (@auth/core jwt.js `encode` / `decode`); we pass it the list in Auth.js's own
 * environment convention — AUTH_SECRET_3, _2, _1, then AUTH_SECRET, the highest number first — which
 * lib/server/key-config.ts reads. (next-auth 5.0.0-beta.32's Next.js wrapper sets `secret` from AUTH_SECRET before
 * @auth/core looks at AUTH_SECRET_1..3, so without this list the numbered ones would be ignored.) A JWE carries no
 * key id: a cookie decrypts under any listed secret, so removing one ends exactly the cookies encrypted under it.
 * Today's single AUTH_SECRET is the whole list, as it always was.
 */

export type JwtSecrets = {
  /** For Auth.js's `secret` option and next-auth/jwt's `encode` / `decode`: the first one encrypts. */
  list: string[];
  /** The variable names, in the same order (for display: never a secret). */
  names: string[];
  /** A fingerprint of the list (never shown): the decode cache files each cookie under it (decode-cache.ts). */
  ringId: string;
};

export const jwtSecretsOf = memoised((secrets: AuthSecret[]): JwtSecrets => ({
  list: secrets.map((s) => s.secret),
  names: secrets.map((s) => s.name),
  ringId: listFingerprint(secrets.map((s) => s.secret)),
}));

/** This process's Auth.js secrets. */
export function jwtSecrets(): JwtSecrets {
  return jwtSecretsOf(env().authSecrets);
}

/** Which secrets the server holds and which one encrypts (variable names only): for the labs and pages. */
export function jwtKeyRing(): { encryptingWith: string; names: string[] } {
  const { names } = jwtSecrets();
  return { encryptingWith: names[0]!, names };
}
