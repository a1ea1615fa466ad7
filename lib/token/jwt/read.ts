import "server-only";
import { decode } from "next-auth/jwt";
import { cookies, headers } from "next/headers";
import type { NextRequest } from "next/server";
import { cache } from "react";
import { db } from "@/lib/server/db";
import { env } from "@/lib/server/env";
import { nowSeconds, parseTokenClaims, type TokenClaims } from "@/lib/token/jwt/internal/claims";
import { cachedDecode, rememberDecode } from "@/lib/token/jwt/internal/decode-cache";
import { jwtSecrets, type JwtSecrets } from "@/lib/token/jwt/internal/secrets";
import {
  collectSessionCookie,
  sessionCookieName,
  usesSecureCookies,
  type CookiePair,
  type SessionCookie,
} from "@/lib/token/jwt/internal/cookie";

/**
 * Reading a next-auth JWT session: decrypt and verify the cookie with next-auth's own `decode` (the cookie
 * name is the key's salt), then apply the two checks Auth.js does not have — the absolute lifetime and, in
 * revocation mode, the account's `tokenVersion`. The `jwt` callback (lib/token/jwt/nextauth.ts) runs the same
 * `checkJwt`, so Auth.js's own endpoints and our pages agree. Nothing here trusts a token it has not
 * decrypted, and a malformed or forged cookie means "signed out", never an error. Only a database outage
 * (revocation mode) throws.
 */

export type AccountTokenState = { tokenVersion: number; revocation: boolean };

export type TokenCheck =
  | { ok: true; dbReads: 0 | 1; account: AccountTokenState | null }
  | { ok: false; dbReads: 0 | 1; reason: "absolute-lifetime" | "revoked" | "account-gone" };

export type TokenSession = {
  claims: TokenClaims;
  cookie: SessionCookie;
  secure: boolean;
  check: Extract<TokenCheck, { ok: true }>;
};

/** The revocation check's one database read: the account's current token version and mode. */
async function accountTokenState(userId: string): Promise<AccountTokenState | null> {
  const rows = await (
    await db()
  ).sql<{ token_version: number; jwt_revocation: boolean }>(
    `SELECT token_version, jwt_revocation FROM users WHERE id = $1`,
    [userId],
    "token_version",
  );
  const row = rows[0];
  return row ? { tokenVersion: row.token_version, revocation: row.jwt_revocation } : null;
}

/**
 * Is the token inside its absolute lifetime (counted from `auth_time`) and, for a lab identity's token, before its
 * `lab_end`? No database read.
 */
export function withinLifetime(claims: Pick<TokenClaims, "auth_time" | "lab_end">, now = nowSeconds()): boolean {
  if (claims.lab_end !== undefined && now >= claims.lab_end) return false;
  // A sign-in time in the future is as wrong as one too far in the past.
  return claims.auth_time + env().TOKEN_ABSOLUTE_LIFETIME > now && claims.auth_time <= now + 60;
}

/** Is a decrypted token still good? No database read unless the token is in revocation mode. */
export async function checkJwt(claims: TokenClaims, now = nowSeconds()): Promise<TokenCheck> {
  if (!withinLifetime(claims, now)) return { ok: false, dbReads: 0, reason: "absolute-lifetime" };
  if (!claims.revocation) return { ok: true, dbReads: 0, account: null };
  const account = await accountTokenState(claims.sub);
  if (!account) return { ok: false, dbReads: 1, reason: "account-gone" };
  if (account.tokenVersion !== claims.token_version) return { ok: false, dbReads: 1, reason: "revoked" };
  return { ok: true, dbReads: 1, account };
}

/**
 * Decrypts and verifies the cookie (JWE, A256CBC-HS512, key from one of the Auth.js secrets + the cookie name: each
 * listed secret is tried, internal/secrets.ts); null if anything is off.
 */
export async function decodeSessionCookie(
  cookie: SessionCookie,
  secrets: JwtSecrets = jwtSecrets(),
): Promise<TokenClaims | null> {
  // The same cookie comes back on every request: one decrypted before is not decrypted again (decode-cache.ts).
  const known = cachedDecode(cookie.name, cookie.value, secrets);
  if (known) return known;
  try {
    const payload = await decode({ token: cookie.value, secret: secrets.list, salt: cookie.name });
    const claims = parseTokenClaims(payload);
    if (claims) rememberDecode(cookie.name, cookie.value, claims, secrets);
    return claims;
  } catch {
    return null;
  }
}

/** The signed-in next-auth session among these cookies, or null. Throws only when the database is unavailable. */
export async function readTokenCookies(all: readonly CookiePair[], secure: boolean): Promise<TokenSession | null> {
  const cookie = collectSessionCookie(all, sessionCookieName(secure));
  if (!cookie) return null;
  const claims = await decodeSessionCookie(cookie);
  if (!claims) return null;
  const check = await checkJwt(claims);
  if (!check.ok) return null;
  return { claims, cookie, secure, check };
}

/** The next-auth session of the current request (pages, server actions, route handlers); once per render. */
export const readJwt = cache(async (): Promise<TokenSession | null> => {
  const [jar, requestHeaders] = await Promise.all([cookies(), headers()]);
  return readTokenCookies(jar.getAll(), usesSecureCookies(requestHeaders));
});

/**
 * The same, for a route handler: read from its own request rather than `cookies()`/`headers()`, which build
 * Next.js' request-scoped stores on every call (lib/session/internal/cookie.ts `routeContext`; ADR 0030).
 */
export function readJwtRequest(request: NextRequest): Promise<TokenSession | null> {
  return readTokenCookies(request.cookies.getAll(), usesSecureCookies(request.headers));
}

/** When this token stops working: its sliding `exp`, its absolute end or a lab token's `lab_end`, whichever is first. */
export function jwtEnd(claims: Pick<TokenClaims, "exp" | "auth_time" | "lab_end">): Date {
  const ends = [claims.exp, claims.auth_time + env().TOKEN_ABSOLUTE_LIFETIME, claims.lab_end ?? Infinity];
  return new Date(Math.min(...ends) * 1000);
}

/**
 * The signed-in user of the next-auth JWT area for the current request, or null (lib/strategy/viewer.ts combines
 * it with the session area's). Identity comes from the token's claims (no database read in the default mode).
 * Never throws, except DatabaseUnavailableError when a revocation-mode token cannot be checked.
 */
export async function jwtViewer(): Promise<{ userId: string; name: string; email: string; lab: boolean } | null> {
  const session = await readJwt();
  if (!session) return null;
  const { sub, name, email } = session.claims;
  return { userId: sub, name, email, lab: session.claims.lab_end !== undefined };
}
