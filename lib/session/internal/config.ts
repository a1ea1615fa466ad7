import "server-only";
import { env } from "@/lib/server/env";
import type { Timeouts } from "@/lib/session/internal/timeouts";

/**
 * The settings of the session area in one place: timeouts (SESSION_IDLE_TIMEOUT / SESSION_ABSOLUTE_TIMEOUT,
 * docs/areas.md) and the cookie's name. docs/decisions/0010-session-cookie-and-rows.md explains them.
 */

/** `lastSeenAt` and the idle expiry are written at most once per this many seconds per session. */
export const RENEW_AFTER_SECONDS = 60;

/** Plain name on http://localhost, where browsers refuse `Secure` cookies and the `__Host-` prefix. */
const COOKIE_NAME = "svt_session";
/** Over https: the `__Host-` prefix makes the browser insist on Secure, Path=/ and no Domain attribute. */
const HOST_COOKIE_NAME = `__Host-${COOKIE_NAME}`;

/** Browsers keep cookies of up to 4096 bytes (name + value); larger ones are silently dropped. */
export const COOKIE_BYTE_LIMIT = 4096;

export function cookieName(https: boolean): string {
  return https ? HOST_COOKIE_NAME : COOKIE_NAME;
}

export function timeouts(): Timeouts {
  const config = env();
  return {
    idleSeconds: config.SESSION_IDLE_TIMEOUT,
    absoluteSeconds: config.SESSION_ABSOLUTE_TIMEOUT,
    renewAfterSeconds: RENEW_AFTER_SECONDS,
  };
}
