import "server-only";
import { recordEvent } from "@/lib/accounts/audit-log";
import { db } from "@/lib/server/db";
import { isDatabaseUnavailable } from "@/lib/server/outage";
import type { ClientMeta } from "@/lib/server/request-meta";
import type { TokenClaims } from "@/lib/token/jwt/internal/claims";

/**
 * Ending next-auth JWT sessions. A JWT cannot be taken back: the server stores nothing to delete. What exists is
 * a per-user `tokenVersion` that tokens in revocation mode are checked against on every request (one database
 * read); bumping it ends all of them at once. Clearing this browser's cookie is the rest of a sign-out.
 */

export { clearJwtCookie } from "@/lib/token/jwt/internal/cookie-jar";

type Context = Partial<ClientMeta>;

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
 * Ends every next-auth JWT of a user that can be ended: bumps `tokenVersion`, so every JWT checked against it
 * (revocation mode, or made by "switch now") stops working at its next request, and none of any mode can be
 * renewed or exchanged again (the credential policy, I2). JWTs of the default mode still decode until they
 * expire — that is what "stateless" means. For "sign out everywhere" and password changes. The new version, or
 * null when the account does not exist.
 */
export async function revokeAllJwts(userId: string, client: Partial<ClientMeta> = {}): Promise<number | null> {
  const rows = await (
    await db()
  ).sql<{ token_version: number }>(
    `UPDATE users SET token_version = token_version + 1, updated_at = now() WHERE id = $1 RETURNING token_version`,
    [userId],
    "token_bump",
  );
  const version = rows[0]?.token_version;
  if (version === undefined) return null;
  await recordEvent({
    userId,
    area: "token",
    type: "revocation",
    detail: `Token version is now ${version}: every JWT checked against the version ended, and none can be renewed.`,
    ...client,
  });
  return version;
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
export async function revokeJwt(
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
