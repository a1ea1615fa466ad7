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

/**
 * The timeouts of one row: the configured ones, unless the row carries its own shorter idle window (only a lab
 * identity's sessions do, through the credential policy). Renewal is then throttled to a fifth of that window (at
 * least a second), so a session used every few seconds keeps sliding while an unused one ends on time.
 */
export function rowTimeouts(row: { idleSeconds: number | null }): Timeouts {
  const configured = timeouts();
  const own = row.idleSeconds;
  if (own === null || own >= configured.idleSeconds) return configured;
  return {
    ...configured,
    idleSeconds: own,
    renewAfterSeconds: Math.min(configured.renewAfterSeconds, Math.max(1, Math.floor(own / 5))),
  };
}

export function timeouts(): Timeouts {
  const config = env();
  return {
    idleSeconds: config.SESSION_IDLE_TIMEOUT,
    absoluteSeconds: config.SESSION_ABSOLUTE_TIMEOUT,
    renewAfterSeconds: RENEW_AFTER_SECONDS,
  };
}
