import { NextResponse, type NextRequest } from "next/server";
import { contentSecurityPolicy, newNonce } from "@/lib/security/csp";

/**
 * Runs before every page (not APIs or static files). Two cheap jobs, no security decision:
 * - a per-request CSP nonce, passed to Next.js in the request headers (it nonces its own scripts) and sent
 *   to the browser in the response;
 * - a few alias redirects.
 * Every page, route handler and server action checks authentication itself.
 */
const ALIASES: Record<string, string> = {
  "/register": "/signup",
  "/signin": "/login",
  "/sign-in": "/login",
  "/sign-up": "/signup",
};

export function proxy(request: NextRequest) {
  const alias = ALIASES[request.nextUrl.pathname];
  if (alias) return NextResponse.redirect(new URL(alias, request.url), 308);

  const nonce = newNonce();
  const csp = contentSecurityPolicy(nonce, {
    dev: process.env.NODE_ENV === "development",
    https: request.headers.get("x-forwarded-proto") === "https",
  });
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("Content-Security-Policy", csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", csp);
  return response;
}

export const config = {
  matcher: [
    {
      source: "/((?!api/|_next/static|_next/image|favicon.ico|robots.txt).*)",
      // Prefetches are not rendered as documents and would waste a nonce.
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
