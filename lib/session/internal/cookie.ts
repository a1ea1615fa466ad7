import "server-only";
import { cookies, headers } from "next/headers";
import type { NextRequest, NextResponse } from "next/server";
import { clientMeta, type ClientMeta } from "@/lib/server/request-meta";
import { isHttps } from "@/lib/security/origin";
import { cookieName } from "@/lib/session/internal/config";

/**
 * The session cookie on the wire: its name and attributes, and reading, writing and clearing it through a
 * cookie jar. In the app the jar is Next.js' `cookies()`; tests pass a plain one.
 *
 * Attributes: HttpOnly (scripts cannot read it), SameSite=Lax (not sent on cross-site sub-requests and POSTs),
 * Path=/, and over https `Secure` plus the `__Host-` name prefix. Max-Age is the row's remaining lifetime.
 */

export type CookieAttributes = {
  httpOnly: true;
  sameSite: "lax";
  path: "/";
  secure: boolean;
  maxAge: number;
  expires: Date;
};

/** The part of Next.js' cookie store the session area uses. `set` throws while a server component renders. */
export type CookieJar = {
  get(name: string): { value: string } | undefined;
  set(name: string, value: string, attributes: CookieAttributes): unknown;
};

export type SessionContext = { jar: CookieJar; https: boolean; client: ClientMeta };

/** The context of the current request (server component, server action or route handler). */
export async function requestContext(): Promise<SessionContext> {
  const [jar, requestHeaders] = await Promise.all([cookies(), headers()]);
  return { jar, https: isHttps(requestHeaders), client: clientMeta(requestHeaders) };
}

/** A route handler's context: cookies set through it are collected and written onto the response by `applyTo`. */
export type RouteSessionContext = SessionContext & { applyTo<R extends NextResponse>(response: R): R };

/**
 * The context of a route handler, read from its own request instead of `cookies()`/`headers()`: those build
 * Next.js' request-scoped cookie stores on every call (a profile of `next-server` attributed ≈ 26 µs per request
 * to that alone; docs/decisions/0030-performance.md). Cookies are read from the request and
 * written with the same attributes through `response.cookies`, so the wire format is the same as `cookies()`'s.
 * The handler must pass its response through `applyTo` — the session routes do it in one place each.
 */
export function routeContext(request: NextRequest): RouteSessionContext {
  const pending: [name: string, value: string, attributes: CookieAttributes][] = [];
  let client: ClientMeta | undefined;
  return {
    jar: {
      get: (name) => request.cookies.get(name),
      set: (name, value, attributes) => pending.push([name, value, attributes]),
    },
    https: isHttps(request.headers),
    // Only sign-in and lifecycle events need it, not the check on every request.
    get client() {
      return (client ??= clientMeta(request.headers));
    },
    applyTo(response) {
      for (const [name, value, attributes] of pending) response.cookies.set(name, value, attributes);
      return response;
    },
  };
}

export function cookieAttributes(https: boolean, maxAgeSeconds: number, now = new Date()): CookieAttributes {
  const maxAge = Math.max(0, Math.floor(maxAgeSeconds));
  return {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: https,
    maxAge,
    expires: new Date(maxAge === 0 ? 0 : now.getTime() + maxAge * 1000),
  };
}

export function readSessionCookie(ctx: SessionContext): string | null {
  const value = ctx.jar.get(cookieName(ctx.https))?.value;
  return value ? value : null;
}

/**
 * Sets the cookie. Returns false when this phase of the request cannot set cookies (a server component is
 * rendering); the caller carries on, and a later response that can will catch up.
 */
export function writeSessionCookie(ctx: SessionContext, seal: string, maxAgeSeconds: number, now?: Date): boolean {
  try {
    ctx.jar.set(cookieName(ctx.https), seal, cookieAttributes(ctx.https, maxAgeSeconds, now));
    return true;
  } catch {
    return false;
  }
}

/** Expires the cookie in the browser (same name and attributes, empty value, Max-Age=0) where possible. */
export function clearSessionCookie(ctx: SessionContext): boolean {
  return writeSessionCookie(ctx, "", 0);
}
