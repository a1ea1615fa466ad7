import "server-only";

/**
 * next-auth (Auth.js v5) JWT sessions, the token area's cookie flavour: an encrypted JWT in a cookie, nothing on
 * the server — plus what Auth.js lacks: an absolute lifetime and an opt-in revocation check. Its verbs, the same
 * four as lib/session and lib/token/bearer:
 *   create   a JWT cookie for a user whose identity is proven (only the credential policy calls it); the password
 *            sign-in goes through Auth.js (nextauth.ts) with this area's `authorizeCredentials`
 *   read     the JWT a request carries: decrypt, absolute lifetime, and in revocation mode the token version
 *   revoke   sign-out (in revocation mode: bump the version), or every JWT of an account
 *   describe the cookie, the JWE header and the claims, for the /token page
 * nextauth.ts is the Auth.js instance (route handlers, signIn / signOut); it is wired to the credential policy's
 * `jwt` callback, so this index does not re-export it. Everything under internal/ is this area's own.
 * docs/decisions/0020-token-nextauth-jwt-sessions.md, docs/decisions/0100-code-layout.md.
 */
export {
  claimsForSignIn,
  createJwt,
  encodeJwt,
  INPUT_CODES,
  signInFailureMessage,
  type AuthorizedUser,
  type InputCode,
  type JwtSubject,
} from "@/lib/token/jwt/create";
export {
  jwtEnd,
  jwtViewer,
  readJwt,
  readJwtRequest,
  decodeSessionCookie as decodeJwtCookie,
  withinLifetime,
  checkJwt,
  type TokenSession,
} from "@/lib/token/jwt/read";
export {
  clearJwtCookie,
  consumeTokenVersion,
  revokeAllJwts,
  revokeJwt,
  setRevocationMode,
} from "@/lib/token/jwt/revoke";
export { describeJwt, jwtLifecycle, type TokenDescription } from "@/lib/token/jwt/describe";
export { parseTokenClaims, type TokenClaims } from "@/lib/token/jwt/internal/claims";
export {
  sessionCookieAttributes as jwtCookieAttributes,
  sessionCookieName as jwtCookieName,
  usesSecureCookies,
} from "@/lib/token/jwt/internal/cookie";
export { TOKEN_HOME } from "@/lib/token/jwt/internal/redirect";
export { jwtKeyRing, jwtSecrets } from "@/lib/token/jwt/internal/secrets";
