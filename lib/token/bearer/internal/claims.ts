import { z } from "zod";

/**
 * What a bearer access token carries (RFC 9068's profile plus ours) and what a successful verification returns.
 * Shared by the signer and verifier (access-token.ts) and the cache of verified tokens (verify-cache.ts).
 */

export const BEARER_ISSUER = "sessions-vs-tokens";
export const BEARER_AUDIENCE = "sessions-vs-tokens:bearer-api";

export const accessClaimsSchema = z.object({
  iss: z.literal(BEARER_ISSUER),
  aud: z.literal(BEARER_AUDIENCE),
  sub: z.uuid(),
  iat: z.number().int(),
  exp: z.number().int(),
  jti: z.uuid(),
  token_use: z.literal("access"),
  /** The refresh-token family this access token was issued from. */
  sid: z.uuid(),
  name: z.string(),
  email: z.string(),
});

export type AccessClaims = z.infer<typeof accessClaimsSchema>;

export type VerifiedAccessToken = {
  /** `kid`: the key that signed it (a thumbprint of its public key, lib/token/bearer/internal/keys.ts). */
  header: { alg: string; kid: string; typ?: string };
  claims: AccessClaims;
  signature: string;
};
