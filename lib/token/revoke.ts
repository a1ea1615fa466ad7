import "server-only";
import { recordEvent } from "@/lib/auth-events";
import { db, isDatabaseUnavailable } from "@/lib/db";
import type { TokenClaims } from "@/lib/token/claims";

/**
 * Ending tokens. A JWT cannot be taken back: the server stores nothing to delete. What exists is a per-user
 * `tokenVersion` that tokens in revocation mode are checked against on every request (one database read);
 * bumping it ends all of them at once. Refresh tokens of the bearer flow are rows, so they can be revoked
 * one family at a time (lib/token/refresh.ts) or all together here.
 */

type Context = { ip?: string; userAgent?: string | null };

/** Turns revocation mode on or off for a user; returns the account's state, or null if it does not exist. */
export async function setRevocationMode(
  userId: string,
  enabled: boolean,
  context: Context = {},
): Promise<{ enabled: boolean; tokenVersion: number } | null> {
  const rows = await (
    await db()
  ).sql<{ token_version: number; jwt_revocation: boolean }>(
    `UPDATE users SET jwt_revocation = $2, updated_at = now() WHERE id = $1
     RETURNING token_version, jwt_revocation`,
    [userId, enabled],
    "token_set_revocation_mode",
  );
  const row = rows[0];
  if (!row) return null;
  await recordEvent({
    userId,
    area: "token",
    type: enabled ? "revocation-mode-on" : "revocation-mode-off",
    detail: enabled
      ? "Tokens issued from now on are checked against the account's token version on every request."
      : "Tokens issued from now on are no longer checked: they stay valid until they expire.",
    ...context,
  });
  return { enabled: row.jwt_revocation, tokenVersion: row.token_version };
}

/**
 * Ends every token of a user that can be ended: bumps `tokenVersion` (every next-auth JWT in revocation mode
 * stops working at its next request) and revokes every refresh-token family of the bearer flow, in one
 * statement. JWTs issued outside revocation mode, and bearer access tokens, stay valid until they expire —
 * that is what "stateless" means. For "sign out everywhere" and password changes.
 */
export async function revokeAllTokens(
  userId: string,
  context: Context = {},
): Promise<{ tokenVersion: number; refreshTokensRevoked: number } | null> {
  const rows = await (
    await db()
  ).sql<{ token_version: number | null; revoked: number }>(
    `WITH bumped AS (
       UPDATE users SET token_version = token_version + 1, updated_at = now() WHERE id = $1 RETURNING token_version
     ), revoked AS (
       UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL RETURNING 1
     )
     SELECT (SELECT token_version FROM bumped) AS token_version, (SELECT count(*) FROM revoked)::int AS revoked`,
    [userId],
    "token_revoke_all",
  );
  const row = rows[0];
  if (!row || row.token_version === null) return null;
  await recordEvent({
    userId,
    area: "token",
    type: "revocation",
    detail: `Token version is now ${row.token_version}; ${row.revoked} refresh token(s) revoked.`,
    ...context,
  });
  return { tokenVersion: row.token_version, refreshTokensRevoked: row.revoked };
}

/**
 * Spends the account's current token version — only if it still is `version` — and says whether this call did.
 * Of concurrent calls with the same version exactly one returns true: the credential policy uses it to let one
 * "switch now" from a JWT win and to end the source (every JWT of that version fails its next check).
 */
export async function consumeTokenVersion(userId: string, version: number): Promise<boolean> {
  return (await bumpVersionFrom(userId, version)) !== null;
}

/** Bumps the account's token version only if it still is `version`: the version this bump produced, or null. */
async function bumpVersionFrom(userId: string, version: number): Promise<number | null> {
  const rows = await (
    await db()
  ).sql<{ token_version: number }>(
    `UPDATE users SET token_version = token_version + 1, updated_at = now() WHERE id = $1 AND token_version = $2
     RETURNING token_version`,
    [userId, version],
    "token_bump_from",
  );
  return rows[0]?.token_version ?? null;
}

/**
 * Sign-out of a next-auth JWT session, before its cookie is cleared. In revocation mode the account's token
 * version is bumped (only if it still is the token's, so a double sign-out bumps once), which ends this token
 * — and every other JWT session of the account — at once; that must succeed, so its errors propagate. In the
 * default mode nothing on the server can end the token: clearing the cookie is all there is, and a failure to
 * write the log line does not stop it. `tokenVersion` is the version this call's bump produced (null: no bump).
 */
export async function endTokenSession(
  claims: TokenClaims,
  context: Context = {},
): Promise<{ revoked: boolean; tokenVersion: number | null }> {
  const tokenVersion = claims.revocation ? await bumpVersionFrom(claims.sub, claims.token_version) : null;
  const event = recordEvent({
    userId: claims.sub,
    area: "token",
    type: "sign-out",
    detail: claims.revocation
      ? "Revocation mode: token version bumped, so this and every other JWT session of the account ended now."
      : `Cookie cleared. A copy of the token would still be accepted until ${new Date(claims.exp * 1000).toISOString()}.`,
    ...context,
  });
  if (claims.revocation) await event;
  else
    await event.catch((error) => {
      // An outage, or an account deleted while its token lives on: the cookie is cleared all the same.
      if (!isDatabaseUnavailable(error)) console.error("Logging a token sign-out failed:", error);
    });
  return { revoked: claims.revocation, tokenVersion };
}
