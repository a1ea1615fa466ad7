import { randomUUID } from "node:crypto";
import { BEARER_AUDIENCE, BEARER_ISSUER } from "@/lib/token/bearer/internal/claims";

/**
 * The claims of a valid bearer access token for `user` in refresh family `family`, issued now for 60 s, with
 * `overrides` applied and the `omit` claims removed: what the bearer tests sign or forge tokens from.
 */
export function accessClaims(
  user: { id: string; name: string; email: string },
  family: string,
  overrides: Record<string, unknown> = {},
  omit: string[] = [],
): Record<string, unknown> {
  const iat = Math.floor(Date.now() / 1000);
  const claims: Record<string, unknown> = {
    iss: BEARER_ISSUER,
    aud: BEARER_AUDIENCE,
    sub: user.id,
    iat,
    exp: iat + 60,
    jti: randomUUID(),
    token_use: "access",
    sid: family,
    name: user.name,
    email: user.email,
    ...overrides,
  };
  for (const key of omit) delete claims[key];
  return claims;
}
