import "server-only";
import { db } from "@/lib/server/db";

/**
 * The `sessions` table. Plain SQL through `db().sql()`: named statements are prepared once per connection on
 * node-postgres, so the per-request lookup is one cheap round trip (a later benchmark measures it).
 * Timestamps come from the app's clock, so expiry checks and writes agree with each other.
 */

export type SessionRow = {
  id: string;
  userId: string;
  createdAt: Date;
  lastSeenAt: Date;
  idleExpiresAt: Date;
  absoluteExpiresAt: Date;
  userAgent: string | null;
  ip: string | null;
  /** This row's own idle window when shorter than the configured one (a lab identity's); null otherwise. */
  idleSeconds: number | null;
};

/** The user a session belongs to. `labOwnerId` is set for a lab identity (lib/strategy/viewer.ts: never a viewer). */
export type SessionUser = { id: string; email: string; name: string; labOwnerId: string | null };

/** Timestamps arrive as Dates (node-postgres), ISO strings (PGlite) or epoch milliseconds (the hot lookup). */
type Timestamp = Date | string | number;

type RawRow = {
  id: string;
  user_id: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  idle_expires_at: Timestamp;
  absolute_expires_at: Timestamp;
  user_agent: string | null;
  ip: string | null;
  idle_seconds: number | null;
};

const COLUMNS = `id, user_id, created_at, last_seen_at, idle_expires_at, absolute_expires_at, user_agent, ip, idle_seconds`;
const MAX_USER_AGENT = 256;

function toRow(raw: RawRow): SessionRow {
  return {
    id: raw.id,
    userId: raw.user_id,
    createdAt: new Date(raw.created_at),
    lastSeenAt: new Date(raw.last_seen_at),
    idleExpiresAt: new Date(raw.idle_expires_at),
    absoluteExpiresAt: new Date(raw.absolute_expires_at),
    userAgent: raw.user_agent,
    ip: raw.ip,
    idleSeconds: raw.idle_seconds ?? null,
  };
}

/** A timestamp column as epoch milliseconds (float8): a plain number for the driver, no date-string parsing. */
const epochMs = (column: string) => `(extract(epoch FROM ${column}) * 1000)::float8`;

export type FoundSession = { row: SessionRow; user: SessionUser };

/** The statement of the per-request lookup, exactly as sent (the /session page shows this text). */
export const LOOKUP_SQL = `SELECT s.id, s.user_id, ${epochMs("s.created_at")} AS created_at,
       ${epochMs("s.last_seen_at")} AS last_seen_at, ${epochMs("s.idle_expires_at")} AS idle_expires_at,
       ${epochMs("s.absolute_expires_at")} AS absolute_expires_at, s.user_agent, s.ip, s.idle_seconds, u.email, u.name,
       u.lab_owner_id
  FROM sessions s JOIN users u ON u.id = s.user_id
 WHERE s.id = ANY($1::text[])`;

/**
 * The per-request lookup, for one or more session ids in one statement: a primary-key read joined to the user
 * (lib/session/internal/lookup.ts batches the lookups of concurrent requests into it). One entry per id, in order: the
 * session and its user, or null for an id with no row. Duplicate ids get separate objects. Timestamps come
 * back as epoch milliseconds: node-postgres parses a float8 with parseFloat, a timestamptz with a date-string
 * parser (ADR 0030).
 */
export async function findSessionsWithUsers(ids: readonly string[]): Promise<(FoundSession | null)[]> {
  const database = await db();
  const rows = await database.sql<RawRow & { email: string; name: string; lab_owner_id: string | null }>(
    LOOKUP_SQL,
    [ids],
    "session_find_by_ids",
  );
  const byId = new Map(rows.map((raw) => [raw.id, raw]));
  return ids.map((id) => {
    const raw = byId.get(id);
    if (!raw) return null;
    const user = { id: raw.user_id, email: raw.email, name: raw.name, labOwnerId: raw.lab_owner_id ?? null };
    return { row: toRow(raw), user };
  });
}

const rowValues = (row: SessionRow) => [
  row.id,
  row.userId,
  row.createdAt,
  row.lastSeenAt,
  row.idleExpiresAt,
  row.absoluteExpiresAt,
  row.userAgent?.slice(0, MAX_USER_AGENT) ?? null,
  row.ip,
  row.idleSeconds,
];

export async function insertSession(row: SessionRow): Promise<void> {
  const database = await db();
  await database.sql(
    `INSERT INTO sessions (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    rowValues(row),
    "session_insert",
  );
}

/** The lifecycle-log line written with a new session (area "session"), as lib/accounts/audit-log.ts writes one. */
export type SessionEvent = { type: string; detail: string; ip: string | null; userAgent: string | null };

/**
 * Inserts a session and its lifecycle-log line in one statement (one round trip on every sign-in; both rows or
 * neither). The event takes the session's user id.
 */
export async function insertSessionLogged(row: SessionRow, event: SessionEvent): Promise<void> {
  const database = await db();
  await database.sql(
    `WITH inserted AS (
       INSERT INTO sessions (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING user_id)
     INSERT INTO auth_events (id, user_id, area, type, detail, ip, user_agent)
     SELECT gen_random_uuid(), user_id, 'session', $10, $11, $12, $13 FROM inserted`,
    [...rowValues(row), event.type, event.detail, event.ip, event.userAgent?.slice(0, MAX_USER_AGENT) ?? null],
    "session_insert_logged",
  );
}

/**
 * Slides the idle expiry, unless another request already did within the throttle window: the condition on
 * `last_seen_at` makes concurrent requests renew once. Returns the renewed row, or null when nothing changed.
 */
export async function renewSession(
  id: string,
  now: Date,
  idleExpiresAt: Date,
  renewIfSeenBefore: Date,
): Promise<SessionRow | null> {
  const database = await db();
  const rows = await database.sql<RawRow>(
    `UPDATE sessions SET last_seen_at = $2, idle_expires_at = $3
      WHERE id = $1 AND last_seen_at <= $4
      RETURNING ${COLUMNS}`,
    [id, now, idleExpiresAt, renewIfSeenBefore],
    "session_renew",
  );
  return rows[0] ? toRow(rows[0]) : null;
}

/** Deletes one row; the deleted row, or null when there was none. */
export async function deleteSession(id: string): Promise<SessionRow | null> {
  const database = await db();
  const rows = await database.sql<RawRow>(
    `DELETE FROM sessions WHERE id = $1 RETURNING ${COLUMNS}`,
    [id],
    "session_delete",
  );
  return rows[0] ? toRow(rows[0]) : null;
}

/** Deletes one of this user's rows (never another user's); the deleted row, or null. */
export async function deleteUserSession(userId: string, id: string): Promise<SessionRow | null> {
  const database = await db();
  const rows = await database.sql<RawRow>(
    `DELETE FROM sessions WHERE id = $1 AND user_id = $2 RETURNING ${COLUMNS}`,
    [id, userId],
    "session_delete_own",
  );
  return rows[0] ? toRow(rows[0]) : null;
}

/** Deletes every row of the user, except `exceptId` when given; the number deleted. */
export async function deleteUserSessions(userId: string, exceptId?: string): Promise<number> {
  const database = await db();
  const rows = await database.sql<{ id: string }>(
    `DELETE FROM sessions WHERE user_id = $1 AND ($2::text IS NULL OR id <> $2::text) RETURNING id`,
    [userId, exceptId ?? null],
    "session_delete_all_of_user",
  );
  return rows.length;
}

/** A row is live while both expiries are in the future ($2 = now); lib/session/internal/timeouts.ts `expiryReason`. */
const LIVE = `user_id = $1 AND idle_expires_at > $2 AND absolute_expires_at > $2`;

/** The user's live sessions (the device list), most recently used first. */
export async function listUserSessions(userId: string, now: Date): Promise<SessionRow[]> {
  const database = await db();
  const rows = await database.sql<RawRow>(
    `SELECT ${COLUMNS} FROM sessions WHERE ${LIVE} ORDER BY last_seen_at DESC, created_at DESC LIMIT 100`,
    [userId, now],
    "session_list_of_user",
  );
  return rows.map(toRow);
}

/** How many live sessions the user has. */
export async function countUserSessions(userId: string, now: Date, exceptId?: string): Promise<number> {
  const database = await db();
  const rows = await database.sql<{ n: number }>(
    `SELECT count(*)::int AS n FROM sessions WHERE ${LIVE} AND id IS DISTINCT FROM $3`,
    [userId, now, exceptId ?? null],
    "session_count_of_user_except",
  );
  return rows[0]?.n ?? 0;
}
