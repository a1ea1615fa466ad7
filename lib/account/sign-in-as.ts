import "server-only";
import { cookies } from "next/headers";
import type { User } from "@/generated/prisma/client";
import { createSession, requestContext, signOutSession } from "@/lib/session";
import { endTokenSession } from "@/lib/token/revoke";
import { findUser } from "@/lib/users";
import { other, rememberStrategy, setPreferredStrategy, type Strategy } from "@/lib/strategy";
import { currentSignIn, type CurrentSignIn } from "@/lib/account/current";
import { clearTokenCookie, issueTokenCookie } from "@/lib/account/token-cookie";

/**
 * Starting and ending a sign-in in either strategy, for a user whose identity is already proven, and "switch
 * now" (settings): the other mechanism's credential is created from the live one — no password retyped — and
 * the old one ended. Server actions and route handlers only (they set cookies).
 */

/** Signs this browser in with `strategy` and remembers it as the browser's last strategy. */
export async function startSignIn(
  user: Pick<User, "id" | "name" | "email" | "tokenVersion" | "jwtRevocation">,
  strategy: Strategy,
  via: string,
  options: { authTime?: number; ip?: string | null; userAgent?: string | null } = {},
): Promise<void> {
  if (strategy === "session") {
    await createSession(user, { via, ip: options.ip ?? undefined, userAgent: options.userAgent ?? undefined });
  } else {
    await issueTokenCookie(user, { via: `after ${via}`, authTime: options.authTime });
  }
  rememberStrategy(await cookies(), strategy, (await requestContext()).https);
}

/** Ends the sign-in of this browser the way its area's sign-out does. */
export async function endSignIn(current: CurrentSignIn): Promise<void> {
  if (current.strategy === "session") {
    await signOutSession(current.ctx);
    return;
  }
  await endTokenSession(current.token.claims, {
    ip: current.ctx.client.ip ?? undefined,
    userAgent: current.ctx.client.userAgent,
  });
  await clearTokenCookie();
}

export type SwitchOutcome = { ok: true; to: Strategy } | { ok: false; reason: "signed-out" | "account-gone" };

/**
 * "Switch now": reads the current sign-in, creates the other credential for the same user, ends the old one,
 * and makes the new strategy the account's preference. A JWT made from a session keeps the session's start as
 * its `auth_time`, so switching never stretches the absolute lifetime counted from the password.
 */
export async function switchStrategy(): Promise<SwitchOutcome> {
  const current = await currentSignIn();
  if (!current) return { ok: false, reason: "signed-out" };
  const user = await findUser(current.userId);
  if (!user) {
    await endSignIn(current);
    return { ok: false, reason: "account-gone" };
  }
  const to = other(current.strategy);
  const authTime =
    current.strategy === "session" ? Math.floor(current.session.session.createdAt.getTime() / 1000) : undefined;
  if (to === "session") {
    // The session area ends a session cookie it finds on this browser; the token cookie is ended below.
    await startSignIn(user, "session", `a switch from the token area (no password typed)`, {
      ip: current.ctx.client.ip,
      userAgent: current.ctx.client.userAgent,
    });
    await endSignIn(current);
  } else {
    await startSignIn(user, "token", "a switch from the session area (no password typed)", { authTime });
    await endSignIn(current);
  }
  await setPreferredStrategy(user.id, to);
  return { ok: true, to };
}
