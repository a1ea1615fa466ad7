import "server-only";
import { problem } from "@/lib/security/http";
import { MAX_AUTHORIZATION_LENGTH, verifyAccessToken } from "@/lib/token/bearer/internal/access-token";
import type { VerifiedAccessToken } from "@/lib/token/bearer/internal/claims";

/**
 * Reading a bearer request: the `Authorization: Bearer` header's access token, verified by signature and claims
 * alone — no database access. The refresh token is never read here: it only ever goes to /api/bearer/refresh.
 */

export type BearerCredential = { kind: "none" } | { kind: "malformed" } | { kind: "token"; token: string };

/**
 * The token of an `Authorization: Bearer <token>` header (RFC 6750; the scheme is case-insensitive). No header
 * or another scheme → none; an oversized or malformed bearer value → malformed.
 */
export function bearerCredential(headers: Headers): BearerCredential {
  const value = headers.get("authorization");
  if (!value) return { kind: "none" };
  if (value.length > MAX_AUTHORIZATION_LENGTH) return { kind: "malformed" };
  const scheme = /^\s*(\S+)/.exec(value)?.[1];
  if (!scheme || scheme.toLowerCase() !== "bearer") return { kind: "none" };
  const match = /^\s*bearer +([A-Za-z0-9\-._~+/]+=*)\s*$/i.exec(value);
  return match ? { kind: "token", token: match[1]! } : { kind: "malformed" };
}

/** 401 for a bearer request, with the RFC 6750 challenge (`error="invalid_token"` when a token was sent). */
export function bearerUnauthorized(invalidToken: boolean): Response {
  const challenge = invalidToken
    ? `Bearer realm="sessions-vs-tokens", error="invalid_token", error_description="The access token is invalid or expired."`
    : `Bearer realm="sessions-vs-tokens"`;
  return problem(
    401,
    invalidToken ? "The access token is invalid or expired." : "Send an access token: Authorization: Bearer <token>.",
    undefined,
    { "WWW-Authenticate": challenge },
  );
}

/** The verified access token of a request, or the 401 to answer with. No database access. */
export async function readBearer(
  headers: Headers,
): Promise<{ ok: true; token: VerifiedAccessToken } | { ok: false; response: Response }> {
  const credential = bearerCredential(headers);
  if (credential.kind === "none") return { ok: false, response: bearerUnauthorized(false) };
  if (credential.kind === "malformed") return { ok: false, response: bearerUnauthorized(true) };
  const token = await verifyAccessToken(credential.token);
  return token ? { ok: true, token } : { ok: false, response: bearerUnauthorized(true) };
}

/** What GET /api/bearer/me answers for a verified token: who it names, what was verified, and what it cost. */
export function bearerIdentity(token: VerifiedAccessToken, databaseQueries: number) {
  const { sub, name, email } = token.claims;
  return { user: { id: sub, name, email }, token, checks: { databaseQueries } };
}

export type BearerMe = ReturnType<typeof bearerIdentity>;
