import "server-only";
import { recordEvent } from "@/lib/accounts/audit-log";
import type { ClientMeta } from "@/lib/server/request-meta";
import {
  readSessionCookie,
  requestContext,
  writeSessionCookie,
  type SessionContext,
} from "@/lib/session/internal/cookie";
import { sealSecret, unsealSecret } from "@/lib/session/internal/seal";
import { hashSecret, newSecret } from "@/lib/session/internal/secret";
import { deleteSession, insertSessionLogged, type SessionRow } from "@/lib/session/internal/store";
import { cookieMaxAgeSeconds, initialExpiries, type Expiries } from "@/lib/session/internal/timeouts";
import { rowTimeouts } from "@/lib/session/internal/config";

/**
 * Starts a session for a user whose identity was just proven (password sign-in, or "switch now" in settings):
 * a fresh 256-bit secret, a row keyed by its SHA-256, and a cookie sealing the secret. Always a new session
 * (fixation defence): whatever session cookie this browser held before is ended, never promoted.
 */

export type CreateSessionMeta = Partial<ClientMeta> & {
  /** How the user proved who they are, for the lifecycle log (default "password"). */
  via?: string;
  /**
   * The latest absolute end this session may have: a session made from another credential ends no later than
   * its source (the credential policy, I1). Never extends the configured absolute timeout.
   */
  absoluteEndCap?: Date;
  /**
   * An idle window shorter than SESSION_IDLE_TIMEOUT for this row alone (never longer: a larger value is ignored).
   * Only the credential policy passes one, and only for a lab identity (issue 16's expiry lab).
   */
  idleSeconds?: number;
};

export type CreatedSession = { id: string; session: SessionRow };

export async function createSession(
  user: { id: string },
  meta: CreateSessionMeta = {},
  ctx?: SessionContext,
  now = new Date(),
): Promise<CreatedSession> {
  const context = ctx ?? (await requestContext());
  const ip = meta.ip ?? context.client.ip;
  const userAgent = meta.userAgent ?? context.client.userAgent;

  // A cookie from before this sign-in (an earlier session, or one planted by someone else) never becomes
  // this user's session: its row, if any, is deleted, and the cookie is overwritten below.
  const previous = await endPreviousSession(context);

  const secret = newSecret();
  const idleSeconds =
    meta.idleSeconds !== undefined && Number.isInteger(meta.idleSeconds) && meta.idleSeconds > 0
      ? meta.idleSeconds
      : null;
  const t = rowTimeouts({ idleSeconds });
  const session: SessionRow = {
    id: hashSecret(secret),
    userId: user.id,
    createdAt: now,
    lastSeenAt: now,
    ...capped(initialExpiries(now, t), meta.absoluteEndCap),
    userAgent,
    ip,
    // Stored only when it is really shorter than the configured window (rowTimeouts ignores anything else).
    idleSeconds: t.idleSeconds === idleSeconds ? idleSeconds : null,
  };
  const details = [`Signed in with ${meta.via ?? "password"}.`];
  if (previous) details.push("The session this browser held before was ended (a new session at every sign-in).");
  // The row and its "sign-in" line in one statement: one round trip on every sign-in.
  await insertSessionLogged(session, { type: "sign-in", detail: details.join(" "), ip, userAgent });
  const maxAge = cookieMaxAgeSeconds(session, now);
  writeSessionCookie(context, await sealSecret(secret, maxAge), maxAge, now);
  return { id: session.id, session };
}

function capped(expiries: Expiries, cap: Date | undefined): Expiries {
  if (!cap || cap.getTime() >= expiries.absoluteExpiresAt.getTime()) return expiries;
  const idle = expiries.idleExpiresAt.getTime() <= cap.getTime() ? expiries.idleExpiresAt : cap;
  return { absoluteExpiresAt: cap, idleExpiresAt: idle };
}

async function endPreviousSession(ctx: SessionContext): Promise<SessionRow | null> {
  const seal = readSessionCookie(ctx);
  if (!seal) return null;
  const unsealed = await unsealSecret(seal);
  if (!unsealed.ok) return null;
  const ended = await deleteSession(hashSecret(unsealed.content.secret));
  if (ended) {
    await recordEvent({
      userId: ended.userId,
      area: "session",
      type: "sign-out",
      detail: "Replaced by a new sign-in on the same browser.",
      ...ctx.client,
    });
  }
  return ended;
}
