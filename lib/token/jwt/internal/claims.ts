import { z } from "zod";

/**
 * What the next-auth JWT of this app carries. Auth.js contributes `sub`, `name`, `email`, `iat`, `exp` and
 * `jti` (the last three are rewritten whenever the token is re-encoded); we add three claims that survive
 * re-encoding:
 * - `auth_time` — when the user typed the password (seconds, the OIDC claim name). The absolute lifetime is
 *   counted from it, because Auth.js's own expiry slides forever.
 * - `token_version` — the account's `tokenVersion` when the token was issued or last refreshed.
 * - `revocation` — whether this token is checked against the database on every request (revocation mode).
 * - `switched` — (optional) made by "switch now" from a session: always checked, like revocation mode.
 * - `lab_end` — (optional) only on a lab identity's token (the /compare labs): the instant (seconds) it ends,
 *   whatever `exp` Auth.js writes when it re-encodes with its global maxAge. Checked on every request.
 */
const tokenClaimsSchema = z.object({
  sub: z.uuid(),
  name: z.string(),
  email: z.string(),
  iat: z.number().int(),
  exp: z.number().int(),
  jti: z.string(),
  auth_time: z.number().int().positive(),
  token_version: z.number().int().nonnegative(),
  revocation: z.boolean(),
  // Minted by a password-free "switch now" from a session: version-checked whatever the account's mode, and never
  // downgraded by a renewal (SECURITY.md "Credential policy", I3; ADR 0070). Absent on every other token.
  switched: z.literal(true).optional(),
  // A lab identity's token only (the credential policy's `mintLabCredentials`): its hard end, enforced by our own
  // check (withinLifetime) because Auth.js re-encodes every renewal with the global TOKEN_MAX_AGE. Absent on every
  // real account's token; its presence also means "never a page's viewer" (lib/strategy/viewer.ts).
  lab_end: z.number().int().positive().optional(),
});

export type TokenClaims = z.infer<typeof tokenClaimsSchema>;

/** The claims we add at sign-in (Auth.js adds the rest). */
export type OwnClaims = Pick<TokenClaims, "auth_time" | "token_version" | "revocation" | "switched" | "lab_end">;

/** Parses a decrypted payload; anything that is not exactly our shape means "signed out". */
export function parseTokenClaims(payload: unknown): TokenClaims | null {
  const result = tokenClaimsSchema.safeParse(payload);
  return result.success ? result.data : null;
}

export const nowSeconds = () => Math.floor(Date.now() / 1000);
