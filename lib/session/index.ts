import "server-only";

/**
 * The session area: server-side state (a `sessions` row per sign-in, an iron-session cookie holding only a
 * random secret). Its verbs — the same four as lib/token/jwt and lib/token/bearer:
 *   create   start a session for a user whose identity was just proven (only the credential policy calls it)
 *   read     the session a request carries: unseal, hash, one primary-key lookup, timeouts
 *   revoke   end it: this browser's, one device's, or every session of the account
 *   describe what the server and the browser store, for the /session page and the JSON endpoints
 * Everything under internal/ is this area's own; nothing outside lib/session imports it (eslint.config.mjs).
 * docs/decisions/0010-session-cookie-and-rows.md, docs/decisions/0100-code-layout.md.
 */
export { createSession, type CreateSessionMeta, type CreatedSession } from "@/lib/session/create";
export {
  currentSession,
  readSession,
  resolveSession,
  sessionViewer,
  type SessionRead,
  type SignedInSession,
  type SignedOutReason,
} from "@/lib/session/read";
export { revokeAllSessions, revokeDevice, revokeSession, withdrawSession } from "@/lib/session/revoke";
export { describeSession, liveSessionCount, sessionSummary, type SessionDescription } from "@/lib/session/describe";
export {
  clearSessionCookie,
  cookieAttributes as sessionCookieAttributes,
  requestContext,
  routeContext,
  type RouteSessionContext,
  type SessionContext,
} from "@/lib/session/internal/cookie";
export { cookieName as sessionCookieName, RENEW_AFTER_SECONDS } from "@/lib/session/internal/config";
export { endOf as sessionEnd, type Timeouts } from "@/lib/session/internal/timeouts";
export { sessionKeyRing } from "@/lib/session/internal/passwords";
export type { SessionRow } from "@/lib/session/internal/store";
export type { ParsedSeal, SealPart, SealPartName } from "@/lib/session/internal/seal-format";
