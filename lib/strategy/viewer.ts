import "server-only";
import { cache } from "react";
import { readSession, requestContext, sessionViewer, type SessionContext, type SignedInSession } from "@/lib/session";
import type { Strategy } from "@/lib/strategy/preference";
import { jwtViewer, readJwt, type TokenSession } from "@/lib/token/jwt";

/**
 * Who is looking, in whichever area this browser is signed in. When a browser holds both, the session area wins
 * (the header shows one strategy). The bearer flow is API-only (its tokens live in a tab's localStorage), so it
 * never signs a page in.
 */

export type Viewer = {
  userId: string;
  name: string;
  email: string;
  /** The mechanism this browser is signed in with. */
  strategy: Strategy;
};

/** The header, the home page and settings: at most one run per request (React cache). */
export const currentViewer = cache(async (): Promise<Viewer | null> => {
  const session = await sessionViewer();
  if (session) return { ...session, strategy: "session" };
  const token = await jwtViewer();
  if (token) return { ...token, strategy: "token" };
  return null;
});

/** The sign-in this request carries, with its details, for the actions that act on it (switch, password, deletion). */
export type CurrentSignIn =
  | { strategy: "session"; userId: string; session: SignedInSession; ctx: SessionContext }
  | { strategy: "token"; userId: string; token: TokenSession; ctx: SessionContext };

export async function currentSignIn(): Promise<CurrentSignIn | null> {
  const ctx = await requestContext();
  const session = await readSession(ctx);
  if (session) return { strategy: "session", userId: session.user.id, session, ctx };
  const token = await readJwt();
  if (token) return { strategy: "token", userId: token.claims.sub, token, ctx };
  return null;
}
