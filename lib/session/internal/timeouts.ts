/**
 * Timeout arithmetic of a session row, pure so it can be tested without a clock or a database.
 * - Idle timeout: the session ends after `idleSeconds` without a request (sliding).
 * - Absolute lifetime: it ends `absoluteSeconds` after sign-in, whatever the activity.
 * - Renewal is throttled: `lastSeenAt` and the idle expiry move at most once per `renewAfterSeconds`.
 * The idle expiry is never later than the absolute one, so `idleExpiresAt` alone is the row's end.
 */

export type Timeouts = { idleSeconds: number; absoluteSeconds: number; renewAfterSeconds: number };

export type Expiries = { idleExpiresAt: Date; absoluteExpiresAt: Date };

export type ExpiryReason = "idle" | "absolute";

const seconds = (n: number) => n * 1000;
const earliest = (a: Date, b: Date) => (a.getTime() <= b.getTime() ? a : b);

/** The expiries of a session created at `now`. */
export function initialExpiries(now: Date, t: Timeouts): Expiries {
  const absoluteExpiresAt = new Date(now.getTime() + seconds(t.absoluteSeconds));
  const idleExpiresAt = earliest(new Date(now.getTime() + seconds(t.idleSeconds)), absoluteExpiresAt);
  return { idleExpiresAt, absoluteExpiresAt };
}

/** When the row stops being valid unless it is used again: the earlier of the two expiries. */
export function endOf(row: Expiries): Date {
  return earliest(row.idleExpiresAt, row.absoluteExpiresAt);
}

/** Why the row is no longer valid at `now`, or null while it is. A row is dead from its expiry instant on. */
export function expiryReason(row: Expiries, now: Date): ExpiryReason | null {
  if (now.getTime() >= row.absoluteExpiresAt.getTime()) return "absolute";
  if (now.getTime() >= row.idleExpiresAt.getTime()) return "idle";
  return null;
}

/** True when the last write of `lastSeenAt` is at least `renewAfterSeconds` old. */
export function shouldRenew(lastSeenAt: Date, now: Date, t: Timeouts): boolean {
  return now.getTime() - lastSeenAt.getTime() >= seconds(t.renewAfterSeconds);
}

/** The idle expiry after a renewal at `now`: slides forward, but never past the absolute expiry. */
export function renewedIdleExpiry(now: Date, absoluteExpiresAt: Date, t: Timeouts): Date {
  return earliest(new Date(now.getTime() + seconds(t.idleSeconds)), absoluteExpiresAt);
}

/** Whole seconds the cookie may live: never longer than the row (rounded down), never negative. */
export function cookieMaxAgeSeconds(row: Expiries, now: Date): number {
  return Math.max(0, Math.floor((endOf(row).getTime() - now.getTime()) / 1000));
}

/**
 * True when the cookie in the browser will expire noticeably before the row does — the row was renewed during
 * a request that could not set cookies (a server-component render) — so the next response that can set
 * cookies should re-issue it.
 */
export function cookieLagsRow(cookieExpiresAt: number | null, row: Expiries, t: Timeouts): boolean {
  if (cookieExpiresAt === null) return false;
  return endOf(row).getTime() - cookieExpiresAt > seconds(t.renewAfterSeconds);
}
