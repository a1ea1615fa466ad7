import { NextResponse, type NextRequest } from "next/server";

/**
 * Cheap redirects only. Nothing here is a security decision: every page, route handler and server action
 * checks authentication itself (a proxy can be bypassed, and it cannot reach the database cheaply).
 */
const ALIASES: Record<string, string> = {
  "/register": "/signup",
  "/signin": "/login",
  "/sign-in": "/login",
  "/sign-up": "/signup",
};

export function proxy(request: NextRequest) {
  const target = ALIASES[request.nextUrl.pathname];
  if (target) return NextResponse.redirect(new URL(target, request.url), 308);
  return NextResponse.next();
}

export const config = {
  matcher: ["/register", "/signin", "/sign-in", "/sign-up"],
};
