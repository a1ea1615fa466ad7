import "server-only";

/**
 * The bearer flow of the token area: a short-lived signed access JWT sent as `Authorization: Bearer`, and an
 * opaque refresh token (stored as its SHA-256) that rotates on every use. Its verbs — the same four as lib/session
 * and lib/token/jwt, plus the refresh only this flow has:
 *   create   a new refresh family and its first access token (only the credential policy calls it)
 *   read     the verified access token of a request, by signature alone (no database)
 *   rotate   spend a refresh token for a new pair (only the credential policy calls it)
 *   revoke   end a family (sign-out) or every family of an account
 *   describe the refresh-token rows and lifecycle log the server stores
 * Everything under internal/ is this area's own. client.ts is the browser's side (localStorage, refresh). The
 * access tokens are signed by an asymmetric key ring whose public half is published (`bearerJwks`, served at
 * /.well-known/jwks.json), so another service can verify them with no secret (services/verifier).
 * docs/decisions/0021-token-bearer-jwt-and-refresh-rotation.md, docs/decisions/0100-code-layout.md.
 */
export { createBearer, type TokenPair } from "@/lib/token/bearer/create";
export { bearerIdentity, readBearer, type BearerMe } from "@/lib/token/bearer/read";
export { rotateBearer, type RefreshOutcome } from "@/lib/token/bearer/refresh";
export { revokeAllBearer, revokeBearer, revokeFamily } from "@/lib/token/bearer/revoke";
export { describeBearer, liveBearerCount, type BearerDescription } from "@/lib/token/bearer/describe";
export { refreshTokenBody } from "@/lib/token/bearer/internal/refresh-body";
export { verifyWithJose, type AccessTokenSubject } from "@/lib/token/bearer/internal/access-token";
export {
  bearerJwks,
  bearerKeyRing,
  JWKS_MAX_AGE_SECONDS,
  JWKS_PATH,
  PUBLISH_WAIT_SECONDS,
  type PublishedJwk,
} from "@/lib/token/bearer/internal/keys";
export { CLOCK_TOLERANCE as BEARER_CLOCK_TOLERANCE } from "@/lib/token/bearer/internal/access-token";
export type { AccessClaims, VerifiedAccessToken } from "@/lib/token/bearer/internal/claims";
export { BEARER_AUDIENCE, BEARER_ISSUER } from "@/lib/token/bearer/internal/claims";
