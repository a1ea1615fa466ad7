import { expect, test, type APIResponse } from "@playwright/test";
import {
  bearerLoginViaApi,
  originHeader,
  PASSWORD,
  SESSION_COOKIE,
  setCookies,
  signInToSessionViaApi,
  signInToTokenViaApi,
  signUpViaApi,
  tokenCallback,
  TOKEN_COOKIE,
  authCsrf,
} from "./helpers";

/**
 * SECURITY.md §1: security headers on every response, and `Cache-Control: no-store` on every authenticated page
 * and API and on every response that sets or clears a credential.
 */

function expectStaticHeaders(response: APIResponse, what: string) {
  const h = response.headers();
  expect(h["x-content-type-options"], what).toBe("nosniff");
  expect(h["referrer-policy"], what).toBe("strict-origin-when-cross-origin");
  expect(h["x-frame-options"], what).toBe("DENY");
  expect(h["x-powered-by"], what).toBeUndefined();
  expect(h["content-security-policy"], what).toMatch(/frame-ancestors 'none'/);
  expect(h["content-security-policy"], what).toMatch(/base-uri 'none'/);
}

function expectNoStore(response: APIResponse, what: string) {
  expect(response.headers()["cache-control"] ?? "", what).toMatch(/(^|[ ,])no-store($|[ ,])/);
}

const PAGES = ["/", "/login", "/signup", "/session/login", "/token/login", "/session", "/token", "/token/bearer"];
const APIS = [
  "/api/health",
  "/api/session/me",
  "/api/token/me",
  "/api/bearer/me",
  "/api/bearer/tokens",
  "/api/auth/session",
  "/api/auth/csrf",
  "/api/auth/providers",
];

test.describe("headers on every response", () => {
  test("pages, APIs, 404s, 405s and redirects carry the security headers and no X-Powered-By", async ({ request }) => {
    const responses: Array<[string, APIResponse]> = [];
    for (const path of PAGES) responses.push([`GET ${path}`, await request.get(path, { maxRedirects: 0 })]);
    for (const path of APIS) responses.push([`GET ${path}`, await request.get(path)]);
    responses.push(["404 page", await request.get("/no-such-page")]);
    responses.push(["404 api", await request.get("/api/no-such-route")]);
    responses.push(["405", await request.delete("/api/session/login")]);
    responses.push(["alias redirect", await request.get("/register", { maxRedirects: 0 })]);
    responses.push(["published key set", await request.get("/.well-known/jwks.json")]);
    responses.push(["static asset", await request.get("/favicon.ico")]);
    for (const [what, response] of responses) {
      if (what !== "static asset") expect(response.status(), what).toBeLessThan(500);
      expectStaticHeaders(response, what);
    }
  });

  test("every page's CSP is nonce-based: object-src 'none', no inline script without the nonce", async ({
    request,
  }) => {
    for (const path of PAGES) {
      const csp = (await request.get(path, { maxRedirects: 0 })).headers()["content-security-policy"]!;
      expect(csp, path).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
      expect(csp, path).toContain("object-src 'none'");
      expect(csp, path).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    }
  });
});

test.describe("Cache-Control: no-store", () => {
  test("on authenticated pages of both areas", async ({ request, baseURL }) => {
    const { email } = await signUpViaApi(request, baseURL);
    const { seal } = await signInToSessionViaApi(request, baseURL, email);
    const token = await signInToTokenViaApi(request, baseURL, email);
    const cookie = `${SESSION_COOKIE}=${seal}; ${TOKEN_COOKIE}=${token}`;
    for (const path of ["/session", "/token", "/token/bearer", "/"]) {
      const response = await request.get(path, { headers: { cookie } });
      expect(response.status(), path).toBe(200);
      expectNoStore(response, path);
    }
    // The page really rendered signed in (the assertion above is about an authenticated page).
    expect(await (await request.get("/session", { headers: { cookie } })).text()).toContain(email);
  });

  test("on authenticated APIs and on their refusals", async ({ request, baseURL }) => {
    const { email } = await signUpViaApi(request, baseURL);
    const { seal } = await signInToSessionViaApi(request, baseURL, email);
    const token = await signInToTokenViaApi(request, baseURL, email);
    const { accessToken } = await bearerLoginViaApi(request, baseURL, email);
    const checks: Array<[string, APIResponse, number]> = [
      ["session/me", await request.get("/api/session/me", { headers: { cookie: `${SESSION_COOKIE}=${seal}` } }), 200],
      ["token/me", await request.get("/api/token/me", { headers: { cookie: `${TOKEN_COOKIE}=${token}` } }), 200],
      [
        "auth/session",
        await request.get("/api/auth/session", { headers: { cookie: `${TOKEN_COOKIE}=${token}` } }),
        200,
      ],
      ["bearer/me", await request.get("/api/bearer/me", { headers: { authorization: `Bearer ${accessToken}` } }), 200],
      [
        "bearer/tokens",
        await request.get("/api/bearer/tokens", { headers: { authorization: `Bearer ${accessToken}` } }),
        200,
      ],
      ["session/me signed out", await request.get("/api/session/me", { headers: { cookie: "" } }), 401],
      ["bearer/me signed out", await request.get("/api/bearer/me"), 401],
    ];
    for (const [what, response, status] of checks) {
      expect(response.status(), what).toBe(status);
      expectNoStore(response, what);
    }
  });

  test("on every response that sets or clears a credential", async ({ request, baseURL }) => {
    const { email } = await signUpViaApi(request, baseURL);
    const origin = originHeader(baseURL);
    const checks: Array<[string, APIResponse]> = [];

    // Session area: login sets, logout clears.
    const login = await request.post("/api/session/login", {
      data: { email, password: PASSWORD },
      headers: { ...origin, cookie: "" },
    });
    checks.push(["session login", login]);
    const { seal } = await signInToSessionViaApi(request, baseURL, email);
    checks.push([
      "session logout",
      await request.post("/api/session/logout", {
        data: {},
        headers: { ...origin, cookie: `${SESSION_COOKIE}=${seal}` },
      }),
    ]);

    // Token area: Auth.js csrf (sets its CSRF cookie), callback (sets the JWT), signout (clears it).
    checks.push(["auth csrf", await request.get("/api/auth/csrf", { headers: { cookie: "" } })]);
    const callback = await tokenCallback(request, baseURL, email);
    checks.push(["auth callback", callback]);
    const token = setCookies(callback)
      .find((c) => c.startsWith(`${TOKEN_COOKIE}=`))!
      .split(";")[0]!;
    const { csrfToken, cookie: csrfCookie } = await authCsrf(request);
    const signout = await request.post("/api/auth/signout", {
      form: { csrfToken },
      headers: { ...origin, cookie: `${csrfCookie}; ${token}` },
      maxRedirects: 0,
    });
    checks.push(["auth signout", signout]);
    expect(setCookies(signout).some((c) => c.startsWith(`${TOKEN_COOKIE}=;`))).toBe(true);

    // Bearer: login, refresh and logout hand out or end credentials in the body.
    const pair = await bearerLoginViaApi(request, baseURL, email);
    const refresh = await request.post("/api/bearer/refresh", {
      data: { refreshToken: pair.refreshToken },
      headers: origin,
    });
    expect(refresh.status()).toBe(200);
    checks.push(["bearer refresh", refresh]);
    const next = (await refresh.json()) as { refreshToken: string };
    checks.push([
      "bearer logout",
      await request.post("/api/bearer/logout", { data: { refreshToken: next.refreshToken }, headers: origin }),
    ]);
    checks.push([
      "bearer login",
      await request.post("/api/bearer/login", { data: { email, password: PASSWORD }, headers: origin }),
    ]);

    expect(setCookies(login).some((c) => c.startsWith(`${SESSION_COOKIE}=`))).toBe(true);
    expect(setCookies(callback).some((c) => c.startsWith(`${TOKEN_COOKIE}=`))).toBe(true);
    for (const [what, response] of checks) {
      expect(response.status(), what).toBeLessThan(400);
      expectNoStore(response, what);
      expectStaticHeaders(response, what);
    }
  });

  test("on the server-action responses of both sign-in forms (they set the cookie)", async ({
    page,
    request,
    baseURL,
  }) => {
    const { email } = await signUpViaApi(request, baseURL);
    for (const area of ["session", "token"] as const) {
      const seen: Array<{ cacheControl: string; setsCookie: boolean }> = [];
      page.on("response", async (response) => {
        if (response.request().method() !== "POST" || !response.request().headers()["next-action"]) return;
        const headers = await response.allHeaders();
        seen.push({ cacheControl: headers["cache-control"] ?? "", setsCookie: Boolean(headers["set-cookie"]) });
      });
      await page.goto(`/${area}/login`);
      await page.getByLabel("Email").fill(email);
      await page.getByLabel("Password").fill(PASSWORD);
      await page
        .getByRole("button", { name: area === "session" ? "Sign in with a session" : "Sign in with a token" })
        .click();
      await expect(page).toHaveURL(new RegExp(`/${area}$`));
      await expect
        .poll(() => seen.filter((s) => s.setsCookie).length, `${area} action set a cookie`)
        .toBeGreaterThan(0);
      for (const s of seen) expect(s.cacheControl, area).toMatch(/no-store/);
      page.removeAllListeners("response");
    }
  });
});
