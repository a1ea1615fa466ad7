import "server-only";
import { createHash } from "node:crypto";
import { getIronSession } from "iron-session";
import { importJWK, jwtVerify, type JWTPayload } from "jose";
import NextAuth from "next-auth";
import { NextRequest, NextResponse } from "next/server";
import { prisma } from "@/lib/server/db";
import { env } from "@/lib/server/env";
import { sessionCookieName } from "@/lib/session";
import { BEARER_AUDIENCE, BEARER_ISSUER, bearerJwks, bearerKeyRing } from "@/lib/token/bearer";
import { jwtSecrets } from "@/lib/token/jwt";

/**
 * "What the libraries' own documentation tells you to write", for the same credentials this app issues: the peers
 * this app's checks are compared with (docs/decisions/0110-bench-only-peers-and-ablations.md).
 * - iron-session: `getIronSession(cookies, { password, cookieName })`, then Prisma `findUnique` of the session row
 *   with its user, on every request (iron-session's README; Prisma's client API);
 * - next-auth: `auth()` wrapping a route handler (Auth.js v5 "Protecting resources", API routes) — which runs Auth.js's
 *   session endpoint in process: decrypt the JWE, the default callbacks, re-encrypt it with a new expiry;
 * - jose: `jwtVerify(token, key, { algorithms, issuer, audience })` on every request with the public key imported once
 *   (jose's README; the stateless check of the Next.js authentication guide), no cache of verified tokens.
 * Nothing here is this app's own check, and none of it is used to sign anyone in: the benchmark's peer routes
 * (app/api/bench/, which exist only in its build) and the /compare cost lab's "library default" rows (run on the
 * lab's throw-away identity) call these functions. Each answers null for anything it does not accept.
 */

/** What iron-session reads cookies from: `cookies()` of next/headers, or one cookie (`cookieStoreOf`). */
type CookieStore = {
  get(name: string): { name: string; value: string } | undefined;
  set(...args: unknown[]): void; // a method, so next/headers' cookies() and iron-session's own type both fit
};

export type PeerUser = { id: string; email: string | null; name: string | null };

// ------------------------------------------------------------------------------------------------ iron-session

/** The session cookie's name on this origin: the secure name when the browser sent it, else the plain one. */
function sessionCookieOf(cookies: Pick<CookieStore, "get">): string {
  const secure = sessionCookieName(true);
  return cookies.get(secure) ? secure : sessionCookieName(false);
}

/**
 * The documented iron-session read: `getIronSession` over the request's cookies with this app's passwords, then the
 * row with its user through Prisma, checked against its expiry. The row id is the SHA-256 of the sealed secret
 * (docs/decisions/0010-session-cookie-and-rows.md).
 */
export async function ironSessionPeer(cookies: CookieStore): Promise<PeerUser | null> {
  const password = Object.fromEntries(env().sessionPasswords.map(({ id, secret }) => [String(id), secret]));
  const session = await getIronSession<{ secret?: string }>(cookies, {
    password,
    cookieName: sessionCookieOf(cookies),
  });
  if (typeof session.secret !== "string") return null;
  const id = createHash("sha256").update(session.secret).digest("hex");
  const row = await (await prisma()).session.findUnique({ where: { id }, include: { user: true } });
  const now = Date.now();
  if (!row || row.idleExpiresAt.getTime() <= now || row.absoluteExpiresAt.getTime() <= now) return null;
  return { id: row.user.id, email: row.user.email, name: row.user.name };
}

/** A cookie store holding one cookie, for calling `ironSessionPeer` outside a request (the cost lab). */
export function cookieStoreOf(cookie: { name: string; value: string }): CookieStore {
  return {
    get: (name: string) => (name === cookie.name ? { name, value: cookie.value } : undefined),
    set: () => {},
  };
}

// ---------------------------------------------------------------------------------------------------- next-auth

/**
 * An Auth.js instance with Auth.js's defaults and this app's JWT secrets and lifetime: the same cookies decrypt
 * under it. No providers (it signs no one in) and no callbacks of ours.
 */
type PeerRoute = (request: NextRequest, context: { params: Promise<object> }) => Promise<Response | void>;
let route: PeerRoute | undefined;

/**
 * The route handler exactly as the docs write it — `export const { auth } = NextAuth({ … })`, then
 * `auth(function GET(req) { … req.auth … })` — with the instance made at the first request instead of at import
 * (so that `next build` needs no secrets; a configuration function would make `auth(handler)` a promise).
 */
export function nextAuthPeerRoute(
  request: NextRequest,
  context: { params: Promise<object> },
): Promise<Response | void> {
  if (!route) {
    const { auth } = NextAuth({
      secret: jwtSecrets().list,
      // The URL it derives only picks the cookie names here (http → authjs.session-token), and it only ever reads.
      trustHost: true,
      session: { strategy: "jwt", maxAge: env().TOKEN_MAX_AGE },
      providers: [],
    });
    route = auth((req) =>
      req.auth ? NextResponse.json(req.auth) : NextResponse.json({ message: "Not authenticated" }, { status: 401 }),
    ) as unknown as PeerRoute;
  }
  return route(request, context);
}

/** `nextAuthPeerRoute` called in process with one next-auth cookie: the user it names, or null. */
export async function nextAuthPeer(cookie: { name: string; value: string }, origin: string): Promise<PeerUser | null> {
  const url = new URL(
    "/api/bench/nextauth",
    cookie.name.startsWith("__Secure-") ? origin.replace(/^http:/, "https:") : origin,
  );
  // Without AUTH_URL, Auth.js derives its URL — and so whether it looks for the `__Secure-` cookie — from these.
  const request = new NextRequest(url, {
    headers: {
      cookie: `${cookie.name}=${cookie.value}`,
      host: url.host,
      "x-forwarded-proto": url.protocol.slice(0, -1),
    },
  });
  const response = await nextAuthPeerRoute(request, { params: Promise.resolve({}) });
  if (!response || response.status !== 200) return null;
  const session = (await response.json()) as { user?: { id?: string; email?: string; name?: string } };
  return { id: session.user?.id ?? "", email: session.user?.email ?? null, name: session.user?.name ?? null };
}

// --------------------------------------------------------------------------------------------------------- jose

let signingKey: Promise<{ key: CryptoKey; alg: string }> | undefined;

/** The bearer ring's signing key, public half only, imported once per process (as the docs do with their key). */
function publicSigningKey(): Promise<{ key: CryptoKey; alg: string }> {
  signingKey ??= (async () => {
    const kid = bearerKeyRing().find((k) => k.state === "signing")!.kid;
    const jwk = (await bearerJwks()).keys.find((k) => k.kid === kid)!;
    return { key: (await importJWK(jwk, jwk.alg)) as CryptoKey, alg: jwk.alg };
  })();
  signingKey.catch(() => (signingKey = undefined));
  return signingKey;
}

/** `jwtVerify` with our algorithm, key, issuer and audience, every time: the claims, or null. */
export async function joseVerifyPeer(token: string): Promise<JWTPayload | null> {
  const { key, alg } = await publicSigningKey();
  try {
    const { payload } = await jwtVerify(token, key, {
      algorithms: [alg],
      issuer: BEARER_ISSUER,
      audience: BEARER_AUDIENCE,
    });
    return payload;
  } catch {
    return null;
  }
}
