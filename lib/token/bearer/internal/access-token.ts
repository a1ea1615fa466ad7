import "server-only";
import { randomUUID } from "node:crypto";
import { jwtVerify, SignJWT } from "jose";
import { env } from "@/lib/server/env";
import { bearerKey } from "@/lib/token/bearer/internal/keys";
import {
  accessClaimsSchema,
  BEARER_AUDIENCE,
  BEARER_ISSUER,
  type AccessClaims,
  type VerifiedAccessToken,
} from "@/lib/token/bearer/internal/claims";
import { cachedVerify, rememberVerify } from "@/lib/token/bearer/internal/verify-cache";

/**
 * The bearer flow's access token: a JWS signed with HS256 (the one algorithm accepted), carrying `iss`, `aud`,
 * `sub`, `iat`, `exp`, `jti` — all required on verify — plus `token_use: "access"` and the header
 * `typ: "at+jwt"` (RFC 9068), so no other kind of token can pass as an access token. Short-lived
 * (BEARER_ACCESS_TTL); the refresh token (lib/token/bearer/internal/refresh-store.ts) is opaque and never a JWT.
 */

export const BEARER_ALG = "HS256";
export const ACCESS_TOKEN_TYP = "at+jwt";
/** Longest Authorization header looked at; our access tokens are about 450 characters. */
export const MAX_AUTHORIZATION_LENGTH = 4096;
/** Clock skew tolerated between instances (seconds): a token is refused this long after its `exp`. */
export const CLOCK_TOLERANCE = 5;

const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** Shape and size only (cheap): anything else is not worth a cache lookup or a verification. */
const looksLikeAccessToken = (token: unknown): token is string =>
  typeof token === "string" && token.length <= MAX_AUTHORIZATION_LENGTH && COMPACT_JWS.test(token);

export type AccessTokenSubject = { id: string; name: string; email: string };

/**
 * Signs a new access token for a user, tied to a refresh-token family. `ttlSeconds` may only shorten
 * BEARER_ACCESS_TTL (a lab identity's token in the expiry lab, through the credential policy).
 */
export async function signAccessToken(
  user: AccessTokenSubject,
  familyId: string,
  ttlSeconds?: number,
): Promise<{ token: string; expiresIn: number; claims: AccessClaims }> {
  const ttl = Math.min(env().BEARER_ACCESS_TTL, Math.max(1, Math.floor(ttlSeconds ?? Infinity)));
  const iat = Math.floor(Date.now() / 1000);
  const claims: AccessClaims = {
    iss: BEARER_ISSUER,
    aud: BEARER_AUDIENCE,
    sub: user.id,
    iat,
    exp: iat + ttl,
    jti: randomUUID(),
    token_use: "access",
    sid: familyId,
    name: user.name,
    email: user.email,
  };
  const token = await new SignJWT(claims)
    .setProtectedHeader({ alg: BEARER_ALG, typ: ACCESS_TOKEN_TYP })
    .sign(await bearerKey());
  return { token, expiresIn: ttl, claims };
}

/**
 * Verifies an access token: shape and size first (cheap), then jose with the algorithm pinned, issuer,
 * audience, `typ` and every claim required, `nbf`/`exp`/`iat` checked. Null for anything wrong — `alg: none` in
 * any spelling, another algorithm, a wrong key, a changed byte, an expired or not-yet-valid token, a refresh
 * token, garbage. Never throws for a bad token. A token that passed before, and is still valid, is answered
 * from verify-cache.ts without verifying the same bytes again.
 */
export async function verifyAccessToken(token: string): Promise<VerifiedAccessToken | null> {
  if (!looksLikeAccessToken(token)) return null;
  const known = cachedVerify(token);
  if (known) return known;
  const verified = await verifyWithJose(token);
  if (verified) rememberVerify(token, verified, env().BEARER_ACCESS_TTL);
  return verified;
}

/**
 * The full verification, every time (no cache): what `verifyAccessToken` runs for a token it has not seen, and
 * what the /compare cost lab measures as the price of a signature check.
 */
export async function verifyWithJose(token: string): Promise<VerifiedAccessToken | null> {
  if (!looksLikeAccessToken(token)) return null;
  const key = await bearerKey();
  try {
    const { payload, protectedHeader } = await jwtVerify(token, key, {
      algorithms: [BEARER_ALG],
      issuer: BEARER_ISSUER,
      audience: BEARER_AUDIENCE,
      typ: ACCESS_TOKEN_TYP,
      requiredClaims: ["iss", "aud", "sub", "iat", "exp", "jti"],
      maxTokenAge: env().BEARER_ACCESS_TTL,
      clockTolerance: CLOCK_TOLERANCE,
    });
    const claims = accessClaimsSchema.safeParse(payload);
    if (!claims.success) return null;
    return {
      header: { alg: protectedHeader.alg, typ: protectedHeader.typ },
      claims: claims.data,
      signature: token.slice(token.lastIndexOf(".") + 1),
    };
  } catch {
    return null;
  }
}
