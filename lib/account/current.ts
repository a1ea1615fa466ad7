import "server-only";
import { readSession, requestContext, type SessionContext, type SignedInSession } from "@/lib/session";
import { readTokenSession, type TokenSession } from "@/lib/token/read";
import type { Strategy } from "@/lib/strategy";

/**
 * The sign-in this request carries, with its details, for the actions that act on it (switch, password change,
 * deletion). Same precedence as lib/viewer.ts: a session wins when a browser holds both. The bearer flow is
 * API-only (its tokens live in a tab's localStorage), so it never signs a page in.
 */
export type CurrentSignIn =
  | { strategy: "session"; userId: string; session: SignedInSession; ctx: SessionContext }
  | { strategy: "token"; userId: string; token: TokenSession; ctx: SessionContext };

export async function currentSignIn(): Promise<CurrentSignIn | null> {
  const ctx = await requestContext();
  const session = await readSession(ctx);
  if (session) return { strategy: "session", userId: session.user.id, session, ctx };
  const token = await readTokenSession();
  if (token) return { strategy: "token", userId: token.claims.sub, token, ctx };
  return null;
}

export const strategyOf = (current: CurrentSignIn): Strategy => current.strategy;
