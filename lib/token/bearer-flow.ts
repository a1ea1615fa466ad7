import "server-only";
import { recordEvent } from "@/lib/auth-events";
import { json, problem, tooManyRequests } from "@/lib/security/http";
import { clientIp } from "@/lib/security/client-ip";
import { hit, ipKey, limits } from "@/lib/security/rate-limit";
import { checkSignIn } from "@/lib/sign-in";
import { rotateBearerFamily, startBearerFamily } from "@/lib/account/credential-policy";
import { bearerCredential, verifyAccessToken, type VerifiedAccessToken } from "@/lib/token/bearer";
import { revokeFamilyOf } from "@/lib/token/refresh";

/**
 * The bearer flow's endpoints, as functions from request data to responses: sign in (JSON credentials → access
 * + refresh token), refresh (rotate), sign out (revoke the family) and authenticate (Authorization header →
 * verified access token). Route handlers in app/api/bearer/ add the Origin check and body parsing.
 */

export type TokenPair = {
  accessToken: string;
  refreshToken: string;
  tokenType: "Bearer";
  expiresIn: number;
  refreshExpiresAt: string;
};

function context(headers: Headers) {
  return { ip: clientIp(headers), userAgent: headers.get("user-agent") };
}

function pair(access: { token: string; expiresIn: number }, refreshToken: string, refreshExpiresAt: Date): TokenPair {
  return {
    accessToken: access.token,
    refreshToken,
    tokenType: "Bearer",
    expiresIn: access.expiresIn,
    refreshExpiresAt: refreshExpiresAt.toISOString(),
  };
}

/** POST /api/bearer/login: the shared sign-in check (rate limits, identical failures), then a new family. */
export async function bearerSignIn(raw: unknown, headers: Headers): Promise<Response> {
  const check = await checkSignIn(raw, headers, "bearer");
  if (!check.ok) {
    if (check.status === 429) return tooManyRequests(check.retryAfterSeconds ?? 60);
    return problem(check.status, check.error, check.fields);
  }
  const { user, ip, userAgent } = check;
  const { refresh, access } = await startBearerFamily(user, { ip, userAgent });
  await recordEvent({
    userId: user.id,
    area: "bearer",
    type: "sign-in",
    detail: "Token family started.",
    ip,
    userAgent,
  });
  return json(pair(access, refresh.token, refresh.expiresAt));
}

const REFRESH_REFUSED = "This refresh token is not valid. Sign in again.";

/** POST /api/bearer/refresh: rate limited per IP, then one atomic rotation. */
export async function bearerRefresh(refreshToken: unknown, headers: Headers): Promise<Response> {
  const ctx = context(headers);
  const limit = await hit(ipKey("refresh", ctx.ip), limits().refreshPerIp);
  if (!limit.ok) return tooManyRequests(limit.retryAfterSeconds);
  const outcome = await rotateBearerFamily(refreshToken, ctx);
  if (outcome.ok) {
    await recordEvent({
      userId: outcome.user.id,
      area: "bearer",
      type: "refresh",
      detail: "Refresh token rotated.",
      ...ctx,
    });
    return json(pair(outcome.access, outcome.token, outcome.expiresAt));
  }
  if (outcome.reason === "reused") {
    if (outcome.revokedNow > 0) {
      await recordEvent({
        userId: outcome.userId,
        area: "bearer",
        type: "refresh-reuse",
        detail: `A spent refresh token was presented again: its family was revoked.`,
        ...ctx,
      });
    }
    return problem(
      401,
      "This refresh token was already used, so it may have been stolen: every token of this sign-in has been revoked. Sign in again.",
    );
  }
  return problem(401, REFRESH_REFUSED);
}

/** POST /api/bearer/logout: revokes the family. Idempotent; an unknown token gets the same answer. */
export async function bearerSignOut(refreshToken: unknown, headers: Headers): Promise<Response> {
  const revoked = await revokeFamilyOf(refreshToken);
  if (revoked && revoked.revokedNow > 0) {
    await recordEvent({
      userId: revoked.userId,
      area: "bearer",
      type: "sign-out",
      detail: "Refresh-token family revoked. Access tokens already issued stay valid until they expire.",
      ...context(headers),
    });
  }
  return json({ signedOut: true });
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
export async function authenticateBearer(
  headers: Headers,
): Promise<{ ok: true; token: VerifiedAccessToken } | { ok: false; response: Response }> {
  const credential = bearerCredential(headers);
  if (credential.kind === "none") return { ok: false, response: bearerUnauthorized(false) };
  if (credential.kind === "malformed") return { ok: false, response: bearerUnauthorized(true) };
  const token = await verifyAccessToken(credential.token);
  return token ? { ok: true, token } : { ok: false, response: bearerUnauthorized(true) };
}
