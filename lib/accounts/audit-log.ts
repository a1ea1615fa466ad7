import "server-only";
import { db, prisma } from "@/lib/server/db";

/** The lifecycle log: sign-ins, failures, renewals, sign-outs, revocations. Shown on each area's page. */
export type AuthArea = "session" | "token" | "bearer" | "account";

export type AuthEventInput = {
  userId?: string | null;
  area: AuthArea;
  type: string;
  detail?: string;
  /** The client the event came from (lib/server/request-meta.ts); a ClientMeta spreads into these two. */
  ip?: string | null;
  userAgent?: string | null;
};

const MAX_USER_AGENT = 256;

/** Appends one event. A prepared statement: it runs on every sign-in, sign-out and renewal. */
export async function recordEvent(event: AuthEventInput): Promise<void> {
  const database = await db();
  await database.sql(
    `INSERT INTO auth_events (id, user_id, area, type, detail, ip, user_agent)
     VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6)`,
    [
      event.userId ?? null,
      event.area,
      event.type,
      event.detail ?? null,
      event.ip ?? null,
      event.userAgent?.slice(0, MAX_USER_AGENT) ?? null,
    ],
    "auth_event_insert",
  );
}

export async function recentEvents(userId: string, area?: AuthArea, take = 20) {
  const db = await prisma();
  return db.authEvent.findMany({ where: { userId, ...(area ? { area } : {}) }, orderBy: { createdAt: "desc" }, take });
}

/**
 * Logs a failed sign-in against the account it targeted, if there is one, in one statement whose cost does not
 * depend on whether the account exists (so the log itself reveals nothing through timing).
 */
export async function recordFailedSignIn(
  email: string,
  area: AuthArea,
  ip: string,
  userAgent: string | null,
): Promise<void> {
  const database = await db();
  await database.sql(
    `INSERT INTO auth_events (id, user_id, area, type, ip, user_agent)
     VALUES (gen_random_uuid(), (SELECT id FROM users WHERE email = $1), $2, 'sign-in-failed', $3, $4)`,
    [email, area, ip, userAgent?.slice(0, MAX_USER_AGENT) ?? null],
    "auth_event_failed_sign_in",
  );
}
