import "server-only";
import { cache } from "react";
import { recordEvent } from "@/lib/accounts/audit-log";
import { DatabaseUnavailableError, isDatabaseUnavailable } from "@/lib/server/outage";
import { cookieName, rowTimeouts } from "@/lib/session/internal/config";
import {
  clearSessionCookie,
  readSessionCookie,
  requestContext,
  writeSessionCookie,
  type SessionContext,
} from "@/lib/session/internal/cookie";
import { sealSecret, unsealSecret } from "@/lib/session/internal/seal";
import { sealExpiresAt } from "@/lib/session/internal/seal-format";
import { findSessionWithUser } from "@/lib/session/internal/lookup";
import { hashSecret } from "@/lib/session/internal/secret";
import { deleteSession, renewSession, type SessionRow, type SessionUser } from "@/lib/session/internal/store";
import {
  cookieLagsRow,
  cookieMaxAgeSeconds,
  endOf,
  expiryReason,
  renewedIdleExpiry,
  shouldRenew,
} from "@/lib/session/internal/timeouts";
import { cachedUnseal, rememberReissue, rememberUnseal, reissuedSeal } from "@/lib/session/internal/unseal-cache";

/**
 * Reads the session of a request: unseal the cookie → SHA-256 of the secret → one primary-key lookup joined
 * to the user (sent together with concurrent requests' lookups: lookup.ts) → timeouts. Anything wrong (no
 * cookie, garbage, a tampered or expired seal, an unknown, revoked or expired row) means "signed out", and
 * the cookie is cleared wherever the response can still set cookies.
 * Only a database outage escapes as an error (DatabaseUnavailableError → 503 / an error page).
 *
 * Renewal is throttled: `lastSeenAt` and the idle expiry are written at most once a minute per session, with
 * a "renewal" event; the cookie is re-issued with the new lifetime when the response can carry it.
 */

export type SignedOutReason = "no-cookie" | "invalid" | "unknown" | "expired";

export type SignedInSession = {
  user: SessionUser;
  session: SessionRow;
  /** What the browser sent: the cookie's name, the raw seal, and the secret inside it. */
  cookie: { name: string; seal: string; secret: string };
  /** True when this request moved the idle expiry. */
  renewed: boolean;
};

export type SessionRead =
  ({ status: "signed-in" } & SignedInSession) | { status: "signed-out"; reason: SignedOutReason };

export async function resolveSession(ctx: SessionContext, now = new Date()): Promise<SessionRead> {
  const seal = readSessionCookie(ctx);
  if (!seal) return { status: "signed-out", reason: "no-cookie" };

  const signedOut = (reason: SignedOutReason): SessionRead => {
    clearSessionCookie(ctx);
    return { status: "signed-out", reason };
  };

  // The same cookie comes back on every request: a seal opened before is looked up without a promise or a
  // decryption (unseal-cache.ts); anything else is opened, and checked, by iron-session.
  let secret = cachedUnseal(seal);
  if (secret === undefined) {
    const unsealed = await unsealSecret(seal);
    if (!unsealed.ok) return signedOut("invalid");
    secret = unsealed.content.secret;
  }

  const found = await findSessionWithUser(hashSecret(secret));
  if (!found) return signedOut("unknown");
  let { row } = found;

  const expired = expiryReason(row, now);
  if (expired) {
    // Gone for good: delete it, and log it once (a concurrent request finds nothing left to delete).
    const deleted = await deleteSession(row.id);
    if (deleted) {
      await recordEvent({
        userId: row.userId,
        area: "session",
        type: "expired",
        detail: expired === "idle" ? "Idle timeout reached." : "Absolute lifetime reached.",
        ...ctx.client,
      });
    }
    return signedOut("expired");
  }

  const t = rowTimeouts(row);
  let renewed = false;
  if (shouldRenew(row.lastSeenAt, now, t)) {
    const idleExpiresAt = renewedIdleExpiry(now, row.absoluteExpiresAt, t);
    const renewBefore = new Date(now.getTime() - t.renewAfterSeconds * 1000);
    const updated = await renewSession(row.id, now, idleExpiresAt, renewBefore);
    if (updated) {
      row = updated;
      renewed = true;
      await recordEvent({
        userId: row.userId,
        area: "session",
        type: "renewal",
        detail: `Idle expiry moved to ${idleExpiresAt.toISOString()}.`,
        ...ctx.client,
      });
    }
  }

  // Keep the cookie's lifetime in step with the row's (never longer): after a renewal, or when an earlier
  // renewal happened during a render that could not set cookies.
  if (renewed || cookieLagsRow(sealExpiresAt(seal), row, t)) {
    const maxAge = cookieMaxAgeSeconds(row, now);
    if (maxAge > 0) writeSessionCookie(ctx, await reissue(secret, row, maxAge), maxAge, now);
  }

  return {
    status: "signed-in",
    user: found.user,
    session: row,
    cookie: { name: cookieName(ctx.https), seal, secret },
    renewed,
  };
}

/** A seal of the secret that lives as long as the row: made once per row end, then reused (unseal-cache.ts). */
async function reissue(secret: string, row: SessionRow, maxAge: number): Promise<string> {
  const endsAt = endOf(row).getTime();
  const known = reissuedSeal(row.id, endsAt);
  if (known) return known;
  const fresh = await sealSecret(secret, maxAge);
  rememberReissue(row.id, endsAt, fresh);
  rememberUnseal(fresh, secret, sealExpiresAt(fresh)); // the browser sends it back next: no unseal needed
  return fresh;
}

/** The signed-in session of a request, or null. */
export async function readSession(ctx?: SessionContext): Promise<SignedInSession | null> {
  const read = await resolveSession(ctx ?? (await requestContext()));
  return read.status === "signed-in" ? read : null;
}

/** The session of the current request, read once per server render (the header and the page share it). */
export const currentSession = cache(async (): Promise<SessionRead> => resolveSession(await requestContext()));

/**
 * The signed-in user of the session area for the current request, or null (lib/strategy/viewer.ts combines it
 * with the token area's). Never throws, except DatabaseUnavailableError when the database cannot be reached (fail
 * closed: the caller shows the outage).
 */
export async function sessionViewer(): Promise<{
  userId: string;
  name: string;
  email: string;
  labOwnerId: string | null;
} | null> {
  try {
    const read = await currentSession();
    if (read.status !== "signed-in") return null;
    return { userId: read.user.id, name: read.user.name, email: read.user.email, labOwnerId: read.user.labOwnerId };
  } catch (error) {
    if (isDatabaseUnavailable(error)) {
      throw error instanceof DatabaseUnavailableError
        ? error
        : new DatabaseUnavailableError("The database is unavailable.", { cause: error });
    }
    console.error("Reading the session failed:", error);
    return null;
  }
}
