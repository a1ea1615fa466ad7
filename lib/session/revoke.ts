import "server-only";
import { recordEvent } from "@/lib/auth-events";
import { clearSessionCookie, readSessionCookie, requestContext, type SessionContext } from "@/lib/session/cookie";
import { unsealSecret } from "@/lib/session/seal";
import { hashSecret, idPrefix } from "@/lib/session/secret";
import { deleteSession, deleteUserSession, deleteUserSessions } from "@/lib/session/store";

/**
 * Ending sessions. Deleting the row is the whole revocation: every request looks the row up, so the very next
 * request of that browser is signed out, on every app instance at once.
 */

/**
 * Signs this browser out: deletes its row (if the cookie names one) and expires the cookie. Safe to call with
 * no, a garbage or an already-revoked cookie. Returns the user whose session ended, if any.
 */
export async function signOutSession(ctx?: SessionContext): Promise<{ userId: string } | null> {
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
    ip: context.client.ip ?? undefined,
    userAgent: context.client.userAgent,
  });
  return { userId: ended.userId };
}

/**
 * Revokes one of the user's sessions by its row id (the device list). Another user's row is never touched.
 * Returns false when there was no such live session.
 */
export async function revokeSession(
  userId: string,
  sessionId: string,
  by: { currentSessionId?: string; ip?: string | null; userAgent?: string | null } = {},
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
    ip: by.ip ?? undefined,
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
  options: { except?: string; reason?: string; ip?: string | null; userAgent?: string | null } = {},
): Promise<number> {
  const count = await deleteUserSessions(userId, options.except);
  if (count > 0) {
    const scope = options.except ? "every other session" : "every session";
    await recordEvent({
      userId,
      area: "session",
      type: "revocation",
      detail: `${options.reason ?? "Signed out everywhere"}: ${scope} ended (${count} ${count === 1 ? "row" : "rows"} deleted).`,
      ip: options.ip ?? undefined,
      userAgent: options.userAgent,
    });
  }
  return count;
}
