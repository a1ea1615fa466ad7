import "server-only";

/**
 * The session area's verbs, mirrored by lib/token: create, read, revoke, describe.
 * See docs/decisions/0010-session-cookie-and-rows.md.
 */
export { createSession, type CreateSessionMeta, type CreatedSession } from "@/lib/session/create";
export {
  currentSession,
  readSession,
  resolveSession,
  type SessionRead,
  type SignedInSession,
  type SignedOutReason,
} from "@/lib/session/read";
export { revokeAllSessions, revokeSession, signOutSession } from "@/lib/session/revoke";
export { describeSession, type SessionDescription } from "@/lib/session/describe";
export { sessionViewer } from "@/lib/session/viewer";
export { requestContext, routeContext, type RouteSessionContext, type SessionContext } from "@/lib/session/cookie";
