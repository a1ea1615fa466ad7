import "server-only";
import { randomUUID } from "node:crypto";
import { decodeProtectedHeader, jwtVerify, SignJWT } from "jose";
import { env } from "@/lib/server/env";
import { keyRing, type KeyRing } from "@/lib/token/bearer/internal/keys";
import {
  accessClaimsSchema,
  BEARER_AUDIENCE,
  BEARER_ISSUER,
  type AccessClaims,
  type VerifiedAccessToken,
} from "@/lib/token/bearer/internal/claims";
import { cachedVerify, rememberVerify } from "@/lib/token/bearer/internal/verify-cache";

/**
 * The bearer flow's access token: a JWS signed by the key ring's signing key (EdDSA or ES256, keys.ts), whose
 * protected header is exactly `alg`, `kid` and `typ: "at+jwt"` (RFC 9068), carrying `iss`, `aud`, `sub`, `iat`,
 * `exp`, `jti` — all required on verify — plus `token_use: "access"`, so no other kind of token can pass as an access
 * token. Short-lived (BEARER_ACCESS_TTL); the refresh token (refresh-store.ts) is opaque and never a JWT. Anyone with
 * the public keys (GET /.well-known/jwks.json) can verify one; only this app can sign one.
 */

export const ACCESS_TOKEN_TYP = "at+jwt";
/** Longest Authorization header looked at; our access tokens are about 500 characters. */
export const MAX_AUTHORIZATION_LENGTH = 4096;
/** Clock skew tolerated between instances (seconds): a token is refused this long after its `exp`. */
export const CLOCK_TOLERANCE = 5;

const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
/** The header members our tokens carry, and nothing else (no `jku`, `jwk`, `x5u`, `crit`, … to be tempted by). */
const HEADER_MEMBERS = ["alg", "kid", "typ"].join();

/** Shape and size only (cheap): anything else is not worth a cache lookup or a verification. */
const looksLikeAccessToken = (token: unknown): token is string =>
  typeof token === "string" && token.length <= MAX_AUTHORIZATION_LENGTH && COMPACT_JWS.test(token);

export type AccessTokenSubject = { id: string; name: string; email: string };

/**
 * Signs a new access token for a user, tied to a refresh-token family, with the ring's signing key. `ttlSeconds`
 * may only shorten BEARER_ACCESS_TTL (a lab identity's token in the expiry lab, through the credential policy).
 */
export async function signAccessToken(
  user: AccessTokenSubject,
  familyId: string,
  options: { ttlSeconds?: number; ring?: KeyRing } = {},
): Promise<{ token: string; expiresIn: number; claims: AccessClaims }> {
  const { signing } = options.ring ?? (await keyRing());
  const ttl = Math.min(env().BEARER_ACCESS_TTL, Math.max(1, Math.floor(options.ttlSeconds ?? Infinity)));
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
    .setProtectedHeader({ alg: signing.alg, kid: signing.kid, typ: ACCESS_TOKEN_TYP })
    .sign(signing.privateKey);
  return { token, expiresIn: ttl, claims };
}

/**
 * Verifies an access token: shape and size first (cheap), then the full check of `verifyWithJose`. Null for
 * anything wrong; never throws for a bad token. A token that passed before, and is still valid, is answered from
 * verify-cache.ts without verifying the same bytes again — but only while the key that signed it is still in the
 * ring (`ring` defaults to this process's).
 */
export async function verifyAccessToken(token: string, ring?: KeyRing): Promise<VerifiedAccessToken | null> {
  if (!looksLikeAccessToken(token)) return null;
  const keys = ring ?? (await keyRing());
  const known = cachedVerify(token, keys);
  if (known) return known;
  const verified = await verifyWithJose(token, keys);
  if (verified) rememberVerify(token, verified, env().BEARER_ACCESS_TTL);
  return verified;
}

/**
 * The full verification, every time (no cache): what `verifyAccessToken` runs for a token it has not seen, and what
 * the /compare cost lab measures as the price of a signature check. The header must be exactly `alg`, `kid`, `typ`;
 * the `kid` must name a key of the ring (looked up in a Map, never used as a path or URL); `alg` must be that key's
 * own algorithm — so `none`, HS256 made with the public key as an HMAC secret, ES256 under an Ed25519 kid, an
 * unknown or removed kid are all refused before any signature is computed. Then jose, with that one key and that
 * one algorithm, the issuer, audience, `typ` and every claim required, `nbf`/`exp`/`iat` checked.
 */
export async function verifyWithJose(token: string, ring?: KeyRing): Promise<VerifiedAccessToken | null> {
  if (!looksLikeAccessToken(token)) return null;
  const keys = ring ?? (await keyRing());
  try {
    const header = decodeProtectedHeader(token);
    if (Object.keys(header).sort().join() !== HEADER_MEMBERS || typeof header.kid !== "string") return null;
    const key = keys.byKid.get(header.kid);
    if (!key || header.alg !== key.alg) return null;
    const { payload, protectedHeader } = await jwtVerify(token, key.publicKey, {
      algorithms: [key.alg],
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
      header: { alg: protectedHeader.alg, kid: key.kid, typ: protectedHeader.typ },
      claims: claims.data,
      signature: token.slice(token.lastIndexOf(".") + 1),
    };
  } catch {
    return null;
  }
}
