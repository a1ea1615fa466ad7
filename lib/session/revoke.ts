import "server-only";
import { recordEvent } from "@/lib/accounts/audit-log";
import type { ClientMeta } from "@/lib/server/request-meta";
import {
  clearSessionCookie,
  readSessionCookie,
  requestContext,
  type SessionContext,
} from "@/lib/session/internal/cookie";
import { unsealSecret } from "@/lib/session/internal/seal";
import { hashSecret, idPrefix } from "@/lib/session/internal/secret";
import { deleteSession, deleteUserSession, deleteUserSessions } from "@/lib/session/internal/store";

/**
 * Ending sessions. Deleting the row is the whole revocation: every request looks the row up, so the very next
 * request of that browser is signed out, on every app instance at once.
 */

/**
 * Signs this browser out: deletes its row (if the cookie names one) and expires the cookie. Safe to call with
 * no, a garbage or an already-revoked cookie. Returns the user whose session ended, if any.
 */
export async function revokeSession(ctx?: SessionContext): Promise<{ userId: string } | null> {
  const context = ctx ?? (await requestContext());
  const seal = readSessionCookie(context);
  const unsealed = seal ? await unsealSecret(seal) : null;
  // The row goes first: if the database is down this throws and the cookie stays, so the user is told and can
  // retry, instead of believing a session is over that a copied cookie could still use.
  const ended = unsealed?.ok ? await deleteSession(hashSecret(unsealed.content.secret)) : null;
  clearSessionCookie(context);
  if (!ended) return null;
  await recordEvent({
    userId: ended.userId,
    area: "session",
    type: "sign-out",
    detail: "Signed out on this device; the row was deleted.",
    ...context.client,
  });
  return { userId: ended.userId };
}

/**
 * Revokes one of the user's sessions by its row id (the device list). Another user's row is never touched.
 * Returns false when there was no such live session.
 */
export async function revokeDevice(
  userId: string,
  sessionId: string,
  by: Partial<ClientMeta> & { currentSessionId?: string } = {},
): Promise<boolean> {
  if (!/^[0-9a-f]{64}$/.test(sessionId)) return false;
  const ended = await deleteUserSession(userId, sessionId);
  if (!ended) return false;
  const self = by.currentSessionId === sessionId;
  await recordEvent({
    userId,
    area: "session",
    type: "revocation",
    detail: self
      ? `Session ${idPrefix(sessionId)}… (this device) revoked from the device list.`
      : `Session ${idPrefix(sessionId)}… revoked from another device; it is signed out on its next request.`,
    ip: by.ip,
    userAgent: by.userAgent,
  });
  return true;
}

/**
 * Ends every session of the user ("sign out everywhere"), or every one except `except` ("sign out everywhere
 * else"; also used when the password changes). Returns how many ended.
 */
export async function revokeAllSessions(
  userId: string,
  options: Partial<ClientMeta> & { except?: string; reason?: string } = {},
): Promise<number> {
  const count = await deleteUserSessions(userId, options.except);
  if (count > 0) {
    const scope = options.except ? "every other session" : "every session";
    await recordEvent({
      userId,
      area: "session",
      type: "revocation",
      detail: `${options.reason ?? "Signed out everywhere"}: ${scope} ended (${count} ${count === 1 ? "row" : "rows"} deleted).`,
      ip: options.ip,
      userAgent: options.userAgent,
    });
  }
  return count;
}

/**
 * Withdraws a session that was just created, by its row id, without a log line of its own (the credential
 * policy withdraws a "switch now" row that lost a race with "sign out everywhere"). The deleted row, or null.
 */
export function withdrawSession(id: string) {
  return deleteSession(id);
}
