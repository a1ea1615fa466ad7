import { expect, test } from "@playwright/test";
import { PASSWORD, signInViaSessionForm, signInViaTokenForm, signUpViaApi, tokenCallback } from "./helpers";

/**
 * SECURITY.md §3: every post-sign-in redirect parameter (`next`, `callbackUrl`, `redirectTo`) stays on our origin,
 * through the real sign-in flows of both areas; an unparseable one goes home, never 500.
 */

const HOSTILE = [
  "//evil.example",
  "//evil.example/session",
  "/\\evil.example",
  "\\\\evil.example",
  "https:evil.example",
  "https://evil.example",
  "https://us@evil.example",
  "http://localhost@evil.example/",
  "javascript:alert(1)",
  "/%2F%2Fevil.example",
  "%2F%2Fevil.example",
  "/%5Cevil.example",
  "/%252F%252Fevil.example",
  "\t//evil.example",
  "/\t/evil.example",
  "\n//evil.example",
  " //evil.example",
  "///evil.example",
  "evil.example",
  "/%E0%A4%A",
  "%",
  "x".repeat(3000),
];

test.describe("redirect targets stay on our origin", () => {
  test("the sign-in pages render (never 500) whatever the next/callbackUrl parameter holds", async ({ request }) => {
    for (const value of HOSTILE) {
      for (const path of ["/session/login", "/token/login", "/login"]) {
        for (const name of ["next", "callbackUrl", "redirectTo"]) {
          const url = `${path}?${name}=${encodeURIComponent(value)}`;
          const response = await request.get(url, { maxRedirects: 0 });
          expect(response.status(), url).toBeLessThan(400);
        }
      }
      // Raw (not re-encoded) too: a broken percent-escape in the query string itself.
      const raw = await request.get(`/session/login?next=${value.replace(/[\t\n ]/g, "")}`, { maxRedirects: 0 });
      expect(raw.status(), `raw ${value}`).toBeLessThan(500);
    }
  });

  test("the session area's sign-in form lands on our origin for every hostile next", async ({
    page,
    request,
    baseURL,
  }) => {
    const { email } = await signUpViaApi(request, baseURL);
    const ours = new URL(baseURL!).origin;
    for (const value of HOSTILE) {
      await page.context().clearCookies();
      await signInViaSessionForm(page, email, PASSWORD, value);
      await page.waitForURL((url) => !url.pathname.startsWith("/session/login"));
      expect(new URL(page.url()).origin, value).toBe(ours);
      expect(new URL(page.url()).pathname, value).toBe("/session");
    }
    // A genuine same-origin target is kept.
    await page.context().clearCookies();
    await signInViaSessionForm(page, email, PASSWORD, "/session?from=form");
    await expect(page).toHaveURL(`${ours}/session?from=form`);
  });

  test("the token area's sign-in form lands on our origin for every hostile next", async ({
    page,
    request,
    baseURL,
  }) => {
    const { email } = await signUpViaApi(request, baseURL);
    const ours = new URL(baseURL!).origin;
    for (const value of HOSTILE) {
      await page.context().clearCookies();
      await signInViaTokenForm(page, email, PASSWORD, value);
      await page.waitForURL((url) => !url.pathname.startsWith("/token/login"));
      expect(new URL(page.url()).origin, value).toBe(ours);
      expect(new URL(page.url()).pathname, value).toBe("/token");
    }
  });

  test("Auth.js's callbackUrl (credentials callback and sign-in redirect) never leaves our origin", async ({
    request,
    baseURL,
  }) => {
    const { email } = await signUpViaApi(request, baseURL);
    const ours = new URL(baseURL!).origin;
    for (const value of [...HOSTILE, "https://evil.example/token", `${ours}.evil.example/token`]) {
      const response = await tokenCallback(request, baseURL, email, { callbackUrl: value });
      expect(response.status(), value).toBe(302);
      const location = new URL(response.headers()["location"]!, ours);
      expect(location.origin, value).toBe(ours);

      const signin = await request.get(`/api/auth/signin?callbackUrl=${encodeURIComponent(value)}`, {
        maxRedirects: 0,
      });
      expect(signin.status(), value).toBeLessThan(500);
      if (signin.headers()["location"]) expect(new URL(signin.headers()["location"]!, ours).origin, value).toBe(ours);
    }
    // A same-origin absolute URL is kept (as a path).
    const own = await tokenCallback(request, baseURL, email, { callbackUrl: `${ours}/token/bearer` });
    expect(own.headers()["location"]).toBe(`${ours}/token/bearer`);
  });
});
