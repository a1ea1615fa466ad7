import "server-only";
import { recentEvents } from "@/lib/accounts/audit-log";
import { decodeProtectedHeader } from "jose";
import { env } from "@/lib/server/env";
import { nowSeconds } from "@/lib/token/jwt/internal/claims";
import { COOKIE_LIMIT, cookieBytes, sessionCookieAttributes } from "@/lib/token/jwt/internal/cookie";
import type { TokenSession } from "@/lib/token/jwt/read";

/**
 * Everything the token page shows about a verified next-auth session: the cookie(s) as the browser holds
 * them, the JWE's protected header and parts, the decrypted claims, and what the server holds (nothing but the
 * account's version number, read only in revocation mode). Takes a session that `readJwt` has already
 * decrypted and checked; nothing here looks inside a token that has not been verified.
 */

export type ClaimRow = { name: string; value: string; meaning: string; kind: "auth.js" | "ours"; time?: number };

export type TokenDescription = {
  /** The server's clock when described, the countdowns' starting point. */
  now: number;
  cookies: Array<{ name: string; bytes: number; valueLength: number; percentOfLimit: number }>;
  totalBytes: number;
  chunkCount: number;
  limit: number;
  attributes: Record<string, string | boolean>;
  jwe: {
    header: Record<string, unknown>;
    /** `value` is the part itself: the page shows it under the one policy for secrets (components/ui/secret.tsx). */
    parts: Array<{ label: string; length: number; sample: string; value: string }>;
  };
  claims: ClaimRow[];
  expiresAt: number;
  absoluteExpiresAt: number;
  issuedAt: number;
  authTime: number;
  maxAge: number;
  absoluteLifetime: number;
  server: {
    rows: 0;
    dbReadsPerRequest: 0 | 1;
    revocation: boolean;
    tokenVersion: number;
    accountTokenVersion: number | null;
  };
};

const JWE_PARTS = [
  "protected header",
  "encrypted key (empty: alg dir)",
  "initialisation vector",
  "ciphertext",
  "authentication tag",
];

const time = (seconds: number) => new Date(seconds * 1000).toISOString().replace("T", " ").slice(0, 19) + " UTC";

export function describeJwt(session: TokenSession, now = nowSeconds()): TokenDescription {
  const { claims, cookie, secure, check } = session;
  const config = env();
  // Safe to read: the decryption that produced `claims` authenticated this header (it is the JWE's AAD).
  const header = decodeProtectedHeader(cookie.value) as Record<string, unknown>;
  const parts = cookie.value.split(".");
  const cookies = cookie.chunks.map((c) => {
    const bytes = cookieBytes(c);
    return {
      name: c.name,
      bytes,
      valueLength: c.value.length,
      percentOfLimit: Math.round((bytes / COOKIE_LIMIT) * 100),
    };
  });
  const absoluteExpiresAt = claims.auth_time + config.TOKEN_ABSOLUTE_LIFETIME;
  return {
    now,
    cookies,
    totalBytes: cookies.reduce((sum, c) => sum + c.bytes, 0),
    chunkCount: cookie.chunks.length,
    limit: COOKIE_LIMIT,
    attributes: sessionCookieAttributes(secure, new Date(claims.exp * 1000)),
    jwe: {
      header,
      parts: parts.map((part, i) => ({
        label: JWE_PARTS[i] ?? `part ${i + 1}`,
        length: part.length,
        sample: part.length > 8 ? `${part.slice(0, 8)}…` : part,
        value: part,
      })),
    },
    claims: [
      { name: "sub", value: claims.sub, meaning: "the user's id", kind: "auth.js" },
      { name: "name", value: claims.name, meaning: "copied at sign-in; goes stale if changed", kind: "auth.js" },
      { name: "email", value: claims.email, meaning: "copied at sign-in", kind: "auth.js" },
      {
        name: "iat",
        value: time(claims.iat),
        meaning: "issued at: the last re-encode",
        kind: "auth.js",
        time: claims.iat,
      },
      {
        name: "exp",
        value: time(claims.exp),
        meaning: `expires: iat + ${config.TOKEN_MAX_AGE} s, moves forward on every re-encode`,
        kind: "auth.js",
        time: claims.exp,
      },
      { name: "jti", value: claims.jti, meaning: "a new random id on every re-encode", kind: "auth.js" },
      {
        name: "auth_time",
        value: time(claims.auth_time),
        meaning: "when you typed your password; never moves",
        kind: "ours",
        time: claims.auth_time,
      },
      {
        name: "token_version",
        value: String(claims.token_version),
        meaning: "the account's version when issued; checked only in revocation mode",
        kind: "ours",
      },
      {
        name: "revocation",
        value: String(claims.revocation),
        meaning: claims.revocation
          ? "checked against the database on every request"
          : "never checked: no database read",
        kind: "ours",
      },
    ],
    expiresAt: Math.min(claims.exp, absoluteExpiresAt),
    absoluteExpiresAt,
    issuedAt: claims.iat,
    authTime: claims.auth_time,
    maxAge: config.TOKEN_MAX_AGE,
    absoluteLifetime: config.TOKEN_ABSOLUTE_LIFETIME,
    server: {
      rows: 0,
      dbReadsPerRequest: check.dbReads,
      revocation: claims.revocation,
      tokenVersion: claims.token_version,
      accountTokenVersion: check.account?.tokenVersion ?? null,
    },
  };
}

/** The token area's lifecycle log of an account (sign-ins, sign-outs, revocations, mode changes), newest first. */
export function jwtLifecycle(userId: string, take = 8) {
  return recentEvents(userId, "token", take);
}
