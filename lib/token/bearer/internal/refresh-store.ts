import "server-only";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { db } from "@/lib/server/db";
import { env } from "@/lib/server/env";
import type { ClientMeta } from "@/lib/server/request-meta";

/**
 * Refresh tokens of the bearer flow: opaque random strings, stored only as SHA-256 (a leaked table holds no
 * usable token). A sign-in starts a *family*; each use rotates the token — the presented one is spent, a new
 * one of the same family is issued — in ONE conditional statement, so of any number of concurrent uses of a
 * token exactly one wins. Presenting a spent token again means two parties hold it (theft, or a client bug):
 * the whole family is revoked. A family never outlives the expiry of its first token (rotation does not
 * extend it). docs/decisions/0021-token-bearer-jwt-and-refresh-rotation.md.
 */

const REFRESH_TOKEN_PREFIX = "svt_rt_";
const REFRESH_TOKEN_PATTERN = /^svt_rt_[A-Za-z0-9_-]{43}$/;

type Context = Partial<ClientMeta>;
const MAX_USER_AGENT = 256;

export function newRefreshToken(): string {
  return `${REFRESH_TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
}

export function hashRefreshToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

function looksLikeRefreshToken(value: unknown): value is string {
  return typeof value === "string" && REFRESH_TOKEN_PATTERN.test(value);
}

/**
 * Starts a new family for a fresh sign-in; `endsBy` can only bring its end (BEARER_REFRESH_TTL) earlier. With
 * `logDetail`, the family's "sign-in" line of the lifecycle log (area "bearer") is written by the same statement:
 * one round trip on every bearer sign-in, both rows or neither.
 */
export async function issueRefreshToken(
  userId: string,
  context: Context = {},
  endsBy?: Date,
  logDetail?: string,
): Promise<{ token: string; familyId: string; expiresAt: Date }> {
  const token = newRefreshToken();
  const familyId = randomUUID();
  const values = [
    hashRefreshToken(token),
    familyId,
    userId,
    env().BEARER_REFRESH_TTL,
    context.userAgent?.slice(0, MAX_USER_AGENT) ?? null,
    context.ip ?? null,
    endsBy ?? null,
  ];
  const insert = `INSERT INTO refresh_tokens (id, token_hash, family_id, user_id, expires_at, user_agent, ip)
     VALUES (gen_random_uuid(), $1, $2, $3, LEAST(now() + make_interval(secs => $4), $7::timestamptz), $5, $6)
     RETURNING expires_at, user_id, user_agent, ip`;
  const database = await db();
  const rows =
    logDetail === undefined
      ? await database.sql<{ expires_at: Date }>(insert, values, "refresh_issue")
      : await database.sql<{ expires_at: Date }>(
          `WITH issued AS (${insert}),
           logged AS (
             INSERT INTO auth_events (id, user_id, area, type, detail, ip, user_agent)
             SELECT gen_random_uuid(), user_id, 'bearer', 'sign-in', $8, ip, user_agent FROM issued)
           SELECT expires_at FROM issued`,
          [...values, logDetail],
          "refresh_issue_logged",
        );
  return { token, familyId, expiresAt: new Date(rows[0]!.expires_at) };
}

/** SQL: true when any member of the family of the row `alias` has been revoked. */
const familyRevoked = (alias: string) =>
  `EXISTS (SELECT 1 FROM refresh_tokens member WHERE member.family_id = ${alias}.family_id AND member.revoked_at IS NOT NULL)`;

// Spend the presented token only if it is live and its family was never revoked, insert its successor in the same
// family with the same expiry, and return the owner — one statement, so concurrent uses cannot both pass the
// WHERE. The family condition closes a race with sign-out: a rotation that commits while the family is being
// revoked can insert a successor the revoking statement did not see (read committed), but that successor can
// never be used, because its family has revoked members (and the failed use revokes it too).
const ROTATE = `
WITH spent AS (
  UPDATE refresh_tokens SET used_at = now()
  WHERE token_hash = $1 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > now()
    AND NOT ${familyRevoked("refresh_tokens")}
  RETURNING family_id, user_id, expires_at
), fresh AS (
  INSERT INTO refresh_tokens (id, token_hash, family_id, user_id, expires_at, user_agent, ip)
  SELECT gen_random_uuid(), $2, family_id, user_id, expires_at, $3, $4 FROM spent
  RETURNING family_id, user_id, expires_at
)
SELECT fresh.family_id, fresh.user_id, fresh.expires_at, users.name, users.email
FROM fresh JOIN users ON users.id = fresh.user_id`;

export type RotateOutcome =
  | { ok: true; token: string; familyId: string; user: { id: string; name: string; email: string }; expiresAt: Date }
  | { ok: false; reason: "unknown" | "expired" | "revoked" }
  | { ok: false; reason: "reused"; userId: string; familyId: string; revokedNow: number };

/** Uses a refresh token: its successor, or why not. A spent token revokes its family. */
export async function rotateRefreshToken(presented: unknown, context: Context = {}): Promise<RotateOutcome> {
  if (!looksLikeRefreshToken(presented)) return { ok: false, reason: "unknown" };
  const database = await db();
  const presentedHash = hashRefreshToken(presented);
  const successor = newRefreshToken();
  const rows = await database.sql<{
    family_id: string;
    user_id: string;
    expires_at: Date;
    name: string;
    email: string;
  }>(
    ROTATE,
    [
      presentedHash,
      hashRefreshToken(successor),
      context.userAgent?.slice(0, MAX_USER_AGENT) ?? null,
      context.ip ?? null,
    ],
    "refresh_rotate",
  );
  const row = rows[0];
  if (row) {
    return {
      ok: true,
      token: successor,
      familyId: row.family_id,
      user: { id: row.user_id, name: row.name, email: row.email },
      expiresAt: new Date(row.expires_at),
    };
  }
  // Not live. Find out why (only failures pay for this second read).
  const [state] = await database.sql<{
    family_id: string;
    user_id: string;
    used: boolean;
    revoked: boolean;
    expired: boolean;
  }>(
    `SELECT family_id, user_id, used_at IS NOT NULL AS used,
            revoked_at IS NOT NULL OR ${familyRevoked("t")} AS revoked,
            expires_at <= now() AS expired
     FROM refresh_tokens t WHERE token_hash = $1`,
    [presentedHash],
    "refresh_state",
  );
  if (!state) return { ok: false, reason: "unknown" };
  if (state.revoked) {
    // A member the revocation missed (see ROTATE) is revoked now, so the family reads as revoked everywhere.
    await revokeFamily(state.family_id);
    return { ok: false, reason: "revoked" };
  }
  if (state.used) {
    const revokedNow = await revokeFamily(state.family_id);
    return { ok: false, reason: "reused", userId: state.user_id, familyId: state.family_id, revokedNow };
  }
  return { ok: false, reason: "expired" };
}

/** Revokes every not-yet-revoked row of a family (spent or live); returns how many. */
export async function revokeFamily(familyId: string): Promise<number> {
  const rows = await (
    await db()
  ).sql(
    `UPDATE refresh_tokens SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL RETURNING 1`,
    [familyId],
    "refresh_revoke_family",
  );
  return rows.length;
}

/** Revokes every not-yet-revoked refresh token of a user (every family); returns how many. */
export async function revokeUserFamilies(userId: string): Promise<number> {
  const rows = await (
    await db()
  ).sql(
    `UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL RETURNING 1`,
    [userId],
    "refresh_revoke_user",
  );
  return rows.length;
}

/** Sign-out with a refresh token: revokes its family (spent or not). Null when the token is unknown. */
export async function revokeFamilyOf(
  presented: unknown,
): Promise<{ userId: string; familyId: string; revokedNow: number } | null> {
  if (!looksLikeRefreshToken(presented)) return null;
  const rows = await (
    await db()
  ).sql<{ family_id: string; user_id: string; revoked_now: number }>(
    `WITH target AS (SELECT family_id, user_id FROM refresh_tokens WHERE token_hash = $1),
     revoked AS (
       UPDATE refresh_tokens SET revoked_at = now()
       WHERE family_id = (SELECT family_id FROM target) AND revoked_at IS NULL RETURNING 1
     )
     SELECT family_id, user_id, (SELECT count(*) FROM revoked)::int AS revoked_now FROM target`,
    [hashRefreshToken(presented)],
    "refresh_revoke_family_of",
  );
  const row = rows[0];
  return row ? { userId: row.user_id, familyId: row.family_id, revokedNow: row.revoked_now } : null;
}

export type RefreshTokenRow = {
  id: string;
  familyId: string;
  hashPrefix: string;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
  expired: boolean;
};

/** The newest refresh-token rows of a user, as the server stores them (hashes only), for the bearer page. */
export async function listRefreshTokens(userId: string, limit = 12): Promise<RefreshTokenRow[]> {
  const rows = await (
    await db()
  ).sql<{
    id: string;
    family_id: string;
    hash_prefix: string;
    created_at: Date;
    expires_at: Date;
    used_at: Date | null;
    revoked_at: Date | null;
    expired: boolean;
  }>(
    `SELECT id, family_id, left(token_hash, 16) AS hash_prefix, created_at, expires_at, used_at, revoked_at,
            expires_at <= now() AS expired
     FROM refresh_tokens WHERE user_id = $1 ORDER BY created_at DESC, id LIMIT $2`,
    [userId, limit],
    "refresh_list",
  );
  const date = (v: Date | null) => (v === null ? null : new Date(v));
  return rows.map((r) => ({
    id: r.id,
    familyId: r.family_id,
    hashPrefix: r.hash_prefix,
    createdAt: new Date(r.created_at),
    expiresAt: new Date(r.expires_at),
    usedAt: date(r.used_at),
    revokedAt: date(r.revoked_at),
    expired: r.expired,
  }));
}

/** How many refresh tokens of the user can still be used (neither spent, revoked nor expired): one per live family. */
export async function countLiveRefreshTokens(userId: string): Promise<number> {
  const rows = await (
    await db()
  ).sql<{ n: number }>(
    `SELECT count(*)::int AS n FROM refresh_tokens
      WHERE user_id = $1 AND revoked_at IS NULL AND used_at IS NULL AND expires_at > now()`,
    [userId],
    "refresh_count_live",
  );
  return rows[0]?.n ?? 0;
}
