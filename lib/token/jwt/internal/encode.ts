import "server-only";
import { encode } from "next-auth/jwt";
import { env } from "@/lib/server/env";
import { nowSeconds, type OwnClaims } from "@/lib/token/jwt/internal/claims";
import { jwtSecrets, type JwtSecrets } from "@/lib/token/jwt/internal/secrets";

/**
 * A next-auth JWT for a user whose identity is already proven (by a live session when switching strategy, or
 * by the password in /login, sign-up and settings). Encoded with next-auth's own `encode` — the same JWE,
 * key and salt Auth.js uses — with exactly the claims Auth.js's sign-in produces plus ours, so Auth.js's own
 * endpoints and lib/token/jwt/read.ts accept it like any other. Only the credential policy
 * (lib/strategy/credential-policy.ts) and token-cookie.ts may call it.
 */

export type JwtSubject = { id: string; name: string; email: string; tokenVersion: number; jwtRevocation: boolean };

export async function encodeJwt(
  user: JwtSubject,
  cookieName: string,
  options: { authTime?: number; switched?: true; labEnd?: number; secrets?: JwtSecrets } = {},
): Promise<string> {
  const now = nowSeconds();
  const own: OwnClaims = {
    auth_time: options.authTime ?? now,
    token_version: user.tokenVersion,
    // A token made by a switch is checked whatever the account's mode (the credential policy, I3).
    revocation: user.jwtRevocation || options.switched === true,
    ...(options.switched ? { switched: true as const } : {}),
    // A lab identity's token (only the credential policy's lab minting passes it): a hard end of its own.
    ...(options.labEnd !== undefined ? { lab_end: options.labEnd } : {}),
  };
  const maxAge =
    options.labEnd !== undefined
      ? Math.max(1, Math.min(env().TOKEN_MAX_AGE, options.labEnd - now))
      : env().TOKEN_MAX_AGE;
  return encode({
    token: { name: user.name, email: user.email, sub: user.id, ...own },
    secret: (options.secrets ?? jwtSecrets()).list, // encrypted under the first, as Auth.js does
    salt: cookieName,
    maxAge,
  });
}
