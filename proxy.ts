import { NextResponse, type NextRequest } from "next/server";
import { contentSecurityPolicy, newNonce } from "@/lib/security/csp";
import { isSameOrigin } from "@/lib/security/origin";

/**
 * Runs before every page (not APIs or static files). Three cheap jobs:
 * - CSRF for server actions: a state-changing request to a page (a server action is a POST to the page's URL)
 *   whose Origin is not exactly ours gets a clean 403 here. Next.js's own check only compares hosts and answers
 *   a mismatch with a 500; each action still checks it through serverAction() (lib/security/server-action.ts; defence in depth);
 * - a per-request CSP nonce, passed to Next.js in the request headers (it nonces its own scripts) and sent
 *   to the browser in the response;
 * - a few alias redirects.
 * Every page, route handler and server action checks authentication itself.
 */
/** For responses that render nothing (redirects, refusals): nothing may load, frame or run. */
const FALLBACK_CSP = "default-src 'none'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

const ALIASES: Record<string, string> = {
  "/register": "/signup",
  "/signin": "/login",
  "/sign-in": "/login",
  "/sign-up": "/signup",
};

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function proxy(request: NextRequest) {
  if (!SAFE_METHODS.has(request.method) && !isSameOrigin(request.headers)) {
    return NextResponse.json(
      { error: "Cross-origin request refused." },
      { status: 403, headers: { "Cache-Control": "no-store", "Content-Security-Policy": FALLBACK_CSP } },
    );
  }
  const alias = ALIASES[request.nextUrl.pathname];
  if (alias) {
    const response = NextResponse.redirect(new URL(alias, request.url), 308);
    response.headers.set("Content-Security-Policy", FALLBACK_CSP);
    return response;
  }

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
      // Not the JSON endpoints either: /api and the published key set (/.well-known/jwks.json) render no page.
      source: "/((?!api/|\\.well-known/|_next/static|_next/image|favicon.ico|robots.txt).*)",
      // Prefetches are not rendered as documents and would waste a nonce.
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
