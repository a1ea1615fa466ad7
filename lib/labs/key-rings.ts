import "server-only";
import { env } from "@/lib/server/env";
import { sessionKeyRing } from "@/lib/session";
import { jwtKeyRing } from "@/lib/token/jwt";
import { BEARER_CLOCK_TOLERANCE, bearerKeyRing, JWKS_PATH, PUBLISH_WAIT_SECONDS } from "@/lib/token/bearer";

/**
 * What the server holds to make and check each credential, and when each older key may go (docs/key-rotation.md):
 * key ids, variable names and public kids only, never a secret. Every secret is a list; the newest item makes new
 * credentials, every item checks them, and removing an item ends exactly the credentials it made.
 */
export type KeyRings = {
  session: {
    /** iron-session password ids, newest first: SESSION_SECRET is 1, SESSION_SECRET_<n> is n. */
    ids: number[];
    sealingId: number;
    /** An older id may be removed this long after the deploy that added a newer one (every seal it made expired). */
    removableAfterSeconds: number;
  };
  jwt: {
    /** Auth.js's list, in its order: the first encrypts. */
    names: string[];
    encryptingWith: string;
    removableAfterSeconds: number;
  };
  bearer: {
    keys: { kid: string; alg: string; state: "next" | "signing" | "retiring" }[];
    jwksPath: string;
    /** Publish → sign: wait at least this long, so every verifier has the new key before it sees a token of it. */
    publishWaitSeconds: number;
    /** Sign → remove the old key: every token it signed has expired by then. */
    removableAfterSeconds: number;
  };
};

export function keyRings(): KeyRings {
  const config = env();
  const session = sessionKeyRing();
  const jwt = jwtKeyRing();
  return {
    // A seal expires with its row's end, which is never more than the idle timeout after it was sealed.
    session: { ...session, removableAfterSeconds: config.SESSION_IDLE_TIMEOUT },
    // A JWE's exp is TOKEN_MAX_AGE after it was encoded; a renewal re-encodes it under the first secret.
    jwt: { ...jwt, removableAfterSeconds: config.TOKEN_MAX_AGE },
    bearer: {
      keys: bearerKeyRing(),
      jwksPath: JWKS_PATH,
      publishWaitSeconds: PUBLISH_WAIT_SECONDS,
      removableAfterSeconds: config.BEARER_ACCESS_TTL + BEARER_CLOCK_TOLERANCE,
    },
  };
}
