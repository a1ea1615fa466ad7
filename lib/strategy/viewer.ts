import "server-only";
import { cache } from "react";
import {
  currentSession,
  readSession,
  requestContext,
  sessionViewer,
  type SessionContext,
  type SessionRead,
  type SignedInSession,
} from "@/lib/session";
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

/**
 * The header, the home page and settings: at most one run per request (React cache). A lab identity (the throw-away
 * account a /compare lab acts on, lib/accounts/lab-identities.ts) is never a viewer: its credentials answer the
 * API endpoints the labs probe, and nothing else — no page, no settings action, no switch, no lab.
 */
export const currentViewer = cache(async (): Promise<Viewer | null> => {
  const session = await sessionViewer();
  if (session && session.labOwnerId === null) {
    const { userId, name, email } = session;
    return { userId, name, email, strategy: "session" };
  }
  const token = await jwtViewer();
  if (token && !token.lab) {
    const { userId, name, email } = token;
    return { userId, name, email, strategy: "token" };
  }
  return null;
});

/** The sign-in this request carries, with its details, for the actions that act on it (switch, password, deletion). */
export type CurrentSignIn =
  | { strategy: "session"; userId: string; session: SignedInSession; ctx: SessionContext }
  | { strategy: "token"; userId: string; token: TokenSession; ctx: SessionContext };

export async function currentSignIn(): Promise<CurrentSignIn | null> {
  const ctx = await requestContext();
  const session = await readSession(ctx);
  // A lab identity's credential is never the sign-in an action acts on (see currentViewer).
  if (session && session.user.labOwnerId === null)
    return { strategy: "session", userId: session.user.id, session, ctx };
  const token = await readJwt();
  if (token && token.claims.lab_end === undefined) return { strategy: "token", userId: token.claims.sub, token, ctx };
  return null;
}

/** Who a page-rendering area says is signed in (each reads its own credential: a JWT carries its name as a claim). */
export type AreaViewer = { userId: string; name: string; email: string };

/**
 * Every area this browser is signed in to through a cookie — both when it holds both — for the header, which
 * offers a sign-out for each. (The bearer flow's tokens live in the tab's localStorage: the header asks the API
 * about them from the browser.) A database outage counts as "not signed in" here, never as an error page.
 */
export async function signedInAreas(): Promise<{ session: AreaViewer | null; jwt: AreaViewer | null }> {
  const [session, jwt] = await Promise.all([sessionViewer().catch(() => null), jwtViewer().catch(() => null)]);
  // A lab identity's credential is no page's viewer (see currentViewer): the header does not list it either.
  const area = (v: (AreaViewer & { lab: boolean }) | null) =>
    v && !v.lab ? { userId: v.userId, name: v.name, email: v.email } : null;
  return {
    session: area(session && { ...session, lab: session.labOwnerId !== null }),
    jwt: area(jwt),
  };
}

/**
 * What a page shows of each area's credential (/, /session, /token and their sign-in pages): the area's own read,
 * except that a lab identity's credential is no page's — it reads as signed out, so no page renders a lab identity
 * (its devices, its log, its credential revealed) or greets it as signed in.
 */
export function pageSessionOf(read: SessionRead): SessionRead {
  return read.status === "signed-in" && read.user.labOwnerId !== null
    ? { status: "signed-out", reason: "invalid" }
    : read;
}

export const pageSession = cache(async (): Promise<SessionRead> => pageSessionOf(await currentSession()));

export const pageJwt = cache(async (): Promise<TokenSession | null> => {
  const token = await readJwt();
  return token && token.claims.lab_end === undefined ? token : null;
});
