import { NextRequest, NextResponse } from "next/server";
import { describe, expect, it } from "vitest";
import { cookieAttributes, routeContext } from "@/lib/session/internal/cookie";

/**
 * routeContext: the session context of a route handler, read from the request itself (ADR 0030). What matters
 * is that it reads the same cookie `cookies()` would, and that what the session code sets reaches the response
 * with the same attributes — or a sign-in sets nothing and a bad cookie is never cleared.
 */

const request = (headers: Record<string, string>) =>
  new NextRequest("http://localhost:3000/api/session/me", { headers });

describe("routeContext", () => {
  it("reads the session cookie of the request, by its exact name", () => {
    const plain = routeContext(request({ cookie: "other=1; svt_session=Fe26.2*abc; __Host-svt_session=x" }));
    expect(plain.https).toBe(false);
    expect(plain.jar.get("svt_session")?.value).toBe("Fe26.2*abc");
    expect(plain.jar.get("missing")).toBeUndefined();

    const https = routeContext(
      request({ cookie: "__Host-svt_session=y", host: "example.com", "x-forwarded-proto": "https" }),
    );
    expect(https.https).toBe(true);
  });

  it("writes what the session code sets onto the response, with the same attributes", () => {
    const ctx = routeContext(request({}));
    ctx.jar.set("svt_session", "Fe26.2*sealed", cookieAttributes(false, 600));
    const response = ctx.applyTo(NextResponse.json({ ok: true }));
    const cookie = response.headers.getSetCookie();
    expect(cookie).toHaveLength(1);
    expect(cookie[0]).toMatch(/^svt_session=Fe26\.2\*sealed; /);
    expect(cookie[0]).toMatch(/Max-Age=600/);
    // Next.js' serializer derives Expires from Max-Age at write time, exactly as it does for `cookies().set`.
    const expires = Date.parse(/Expires=([^;]+)/.exec(cookie[0]!)?.[1] ?? "");
    expect(Math.abs(expires - (Date.now() + 600_000))).toBeLessThan(5_000);
    expect(cookie[0]).toMatch(/HttpOnly/);
    expect(cookie[0]).toMatch(/SameSite=lax/i);
    expect(cookie[0]).toMatch(/Path=\//);
    expect(cookie[0]).not.toMatch(/Secure/);
  });

  it("clears with Max-Age=0, and a response nothing was set for carries no Set-Cookie", () => {
    const cleared = routeContext(request({ cookie: "svt_session=garbage" }));
    cleared.jar.set("svt_session", "", cookieAttributes(false, 0));
    expect(cleared.applyTo(NextResponse.json({})).headers.getSetCookie()[0]).toMatch(/^svt_session=; .*Max-Age=0/);

    const untouched = routeContext(request({ cookie: "svt_session=x" }));
    expect(untouched.applyTo(NextResponse.json({})).headers.getSetCookie()).toEqual([]);
  });

  it("reads the client's address and user agent only when asked", () => {
    const ctx = routeContext(request({ "user-agent": "Test/1.0", "x-forwarded-for": "198.51.100.4" }));
    expect(ctx.client.userAgent).toBe("Test/1.0");
    expect(ctx.client).toBe(ctx.client); // computed once
  });
});
