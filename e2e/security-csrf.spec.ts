import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import {
  authCsrf,
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
  uniqueEmail,
} from "./helpers";

/**
 * SECURITY.md §2: CSRF. Every cookie-authenticated state change — route handlers and server actions — needs an
 * Origin that equals ours exactly; JSON-only APIs refuse other content types; GET changes nothing (405 + Allow);
 * Auth.js's own CSRF token stays on.
 */

/** Origins that must be refused, relative to ours (`http://localhost:PORT`). `null` = no Origin header at all. */
function foreignOrigins(baseURL: string | undefined): Array<[string, string | null]> {
  const ours = new URL(baseURL ?? "http://localhost:3210");
  const port = Number(ours.port);
  return [
    ["other site", "http://evil.example"],
    ["lookalike suffix", `http://localhost.evil.example:${port}`],
    ["lookalike subdomain", `http://evil.localhost:${port}`],
    ["lookalike prefix", `http://evillocalhost:${port}`],
    ["other scheme", `https://localhost:${port}`],
    ["other port", `http://localhost:${port + 1}`],
    ["no port", "http://localhost"],
    ["ip instead of name", `http://127.0.0.1:${port}`],
    ["trailing slash", `${ours.origin}/`],
    ["Origin: null", "null"],
    ["no Origin", null],
  ];
}

const headersWith = (origin: string | null, extra: Record<string, string> = {}) =>
  origin === null ? extra : { ...extra, origin };

test.describe("route handlers", () => {
  test("every state-changing route refuses a foreign, lookalike, null or missing Origin with 403", async ({
    request,
    baseURL,
  }) => {
    const { email } = await signUpViaApi(request, baseURL);
    const { seal } = await signInToSessionViaApi(request, baseURL, email);
    const token = await signInToTokenViaApi(request, baseURL, email);
    const { refreshToken } = await bearerLoginViaApi(request, baseURL, email);
    const cookie = `${SESSION_COOKIE}=${seal}; ${TOKEN_COOKIE}=${token}`;
    const routes: Array<[string, unknown]> = [
      ["/api/session/login", { email, password: PASSWORD }],
      ["/api/session/logout", { scope: "everywhere" }],
      ["/api/bearer/login", { email, password: PASSWORD }],
      ["/api/bearer/refresh", { refreshToken }],
      ["/api/bearer/logout", { refreshToken }],
      ["/api/signup", { email: uniqueEmail("csrf"), name: "CSRF", password: PASSWORD }],
      ["/api/token/revocation-mode", { enabled: true }],
    ];
    for (const [path, data] of routes) {
      for (const [what, origin] of foreignOrigins(baseURL)) {
        const response = await request.post(path, { data, headers: headersWith(origin, { cookie }) });
        expect(response.status(), `${path} with ${what}`).toBe(403);
        expect(setCookies(response), `${path} with ${what} sets no cookie`).toEqual([]);
      }
    }
    // Nothing changed: the session, the token (not in revocation mode) and the refresh token all still work.
    expect((await request.get("/api/session/me", { headers: { cookie } })).status()).toBe(200);
    const me = await request.get("/api/token/me", { headers: { cookie } });
    expect(me.status()).toBe(200);
    expect(((await me.json()) as { token: { revocation: boolean } }).token.revocation).toBe(false);
    const refreshed = await request.post("/api/bearer/refresh", {
      data: { refreshToken },
      headers: originHeader(baseURL),
    });
    expect(refreshed.status()).toBe(200);
  });

  test("the same requests with our exact Origin go through (the 403s above are about the Origin)", async ({
    request,
    baseURL,
  }) => {
    const { email } = await signUpViaApi(request, baseURL);
    const token = await signInToTokenViaApi(request, baseURL, email);
    const response = await request.post("/api/token/revocation-mode", {
      data: { enabled: true },
      headers: { ...originHeader(baseURL), cookie: `${TOKEN_COOKIE}=${token}` },
    });
    expect(response.status()).toBe(200);
  });

  test("a text/plain or form body (what a cross-site form can send) → 415; GET → 405 with Allow", async ({
    request,
    baseURL,
  }) => {
    const { email } = await signUpViaApi(request, baseURL);
    const { seal } = await signInToSessionViaApi(request, baseURL, email);
    const cookie = `${SESSION_COOKIE}=${seal}`;
    const paths = [
      "/api/session/login",
      "/api/session/logout",
      "/api/bearer/login",
      "/api/bearer/refresh",
      "/api/bearer/logout",
      "/api/signup",
    ];
    for (const path of paths) {
      for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]) {
        const response = await request.post(path, {
          data: JSON.stringify({ email, password: PASSWORD, scope: "everywhere" }),
          headers: { ...originHeader(baseURL), cookie, "content-type": type },
        });
        expect(response.status(), `${path} as ${type}`).toBe(415);
      }
      const get = await request.get(path, { headers: { cookie } });
      expect(get.status(), `GET ${path}`).toBe(405);
      expect(get.headers()["allow"], `GET ${path}`).toContain("POST");
      expect(get.headers()["allow"], `GET ${path}`).not.toContain("GET");
    }
    // revocation-mode checks the token session first; with one, a text/plain body is 415 too.
    const token = await signInToTokenViaApi(request, baseURL, email);
    const plain = await request.post("/api/token/revocation-mode", {
      data: '{"enabled":true}',
      headers: { ...originHeader(baseURL), cookie: `${TOKEN_COOKIE}=${token}`, "content-type": "text/plain" },
    });
    expect(plain.status()).toBe(415);
    expect((await request.get("/api/token/revocation-mode")).status()).toBe(405);
    expect((await request.get("/api/session/me", { headers: { cookie } })).status()).toBe(200);
  });
});

test.describe("Auth.js's own CSRF token", () => {
  test("a credentials callback without the CSRF token signs no one in; with it, it does", async ({
    request,
    baseURL,
  }) => {
    const { email } = await signUpViaApi(request, baseURL);
    const without = await tokenCallback(request, baseURL, email, { csrf: false });
    expect(setCookies(without).some((c) => c.startsWith(`${TOKEN_COOKIE}=ey`))).toBe(false);
    expect(without.headers()["location"]).toContain("error=MissingCSRF");

    // A token from another client (its cookie not sent) is refused too: the double-submit pair must match.
    const other = await authCsrf(request);
    const mismatched = await request.post("/api/auth/callback/credentials", {
      form: { csrfToken: other.csrfToken, email, password: PASSWORD },
      headers: { ...originHeader(baseURL), cookie: (await authCsrf(request)).cookie },
      maxRedirects: 0,
    });
    expect(setCookies(mismatched).some((c) => c.startsWith(`${TOKEN_COOKIE}=ey`))).toBe(false);

    const withToken = await tokenCallback(request, baseURL, email);
    expect(setCookies(withToken).some((c) => c.startsWith(`${TOKEN_COOKIE}=ey`))).toBe(true);
  });

  test("Auth.js's sign-out without the CSRF token leaves the session alone", async ({ request, baseURL }) => {
    const { email } = await signUpViaApi(request, baseURL);
    const token = await signInToTokenViaApi(request, baseURL, email);
    const cookie = `${TOKEN_COOKIE}=${token}`;
    const response = await request.post("/api/auth/signout", {
      form: {},
      headers: { ...originHeader(baseURL), cookie },
      maxRedirects: 0,
    });
    expect(setCookies(response).some((c) => c.startsWith(`${TOKEN_COOKIE}=;`))).toBe(false);
    expect((await request.get("/api/token/me", { headers: { cookie } })).status()).toBe(200);
  });
});

// --- Server actions --------------------------------------------------------------------------------------

type CapturedAction = { url: string; headers: Record<string, string>; body: Buffer };

/** Lets `submit` post a server action from our own page, captures that request, and stops it reaching us. */
async function captureAction(page: Page, submit: () => Promise<void>): Promise<CapturedAction> {
  let resolve!: (value: CapturedAction) => void;
  const captured = new Promise<CapturedAction>((r) => (resolve = r));
  await page.route("**/*", async (route) => {
    const req = route.request();
    const headers = await req.allHeaders();
    if (req.method() === "POST" && headers["next-action"]) {
      resolve({ url: req.url(), headers, body: req.postDataBuffer() ?? Buffer.alloc(0) });
      await route.abort();
      return;
    }
    await route.continue();
  });
  await submit();
  const action = await captured;
  await page.unrouteAll({ behavior: "ignoreErrors" });
  return action;
}

/** Replays a captured server-action POST with another Origin (null → without one) and the given cookies. */
async function replay(request: APIRequestContext, action: CapturedAction, origin: string | null, cookie: string) {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(action.headers)) {
    if (["origin", "cookie", "content-length", "host", "referer"].includes(name) || name.startsWith(":")) continue;
    headers[name] = value;
  }
  if (origin !== null) headers.origin = origin;
  headers.cookie = cookie;
  return request.fetch(action.url, { method: "POST", headers, data: action.body, maxRedirects: 0 });
}

test.describe("server actions", () => {
  test("the sign-in and sign-up actions refuse a foreign Origin (no cookie, no account)", async ({
    page,
    request,
    baseURL,
  }) => {
    const { email } = await signUpViaApi(request, baseURL);
    const forms = [
      { path: "/session/login", button: "Sign in with a session", cookie: SESSION_COOKIE },
      { path: "/token/login", button: "Sign in with a token", cookie: TOKEN_COOKIE },
    ];
    for (const form of forms) {
      await page.goto(form.path);
      await page.getByLabel("Email").fill(email);
      await page.getByLabel("Password").fill(PASSWORD);
      const action = await captureAction(page, () => page.getByRole("button", { name: form.button }).click());
      for (const [what, origin] of foreignOrigins(baseURL)) {
        const response = await replay(request, action, origin, "");
        expect(response.status(), `${form.path} ${what}`).toBe(403);
        expect(
          setCookies(response).some((c) => c.startsWith(`${form.cookie}=`) && !/^[^=]+=;/.test(c)),
          `${form.path} ${what} sets no credential`,
        ).toBe(false);
      }
      // Control: the very same request with our Origin signs in, so the refusals above are real.
      const ok = await replay(request, action, new URL(baseURL!).origin, "");
      expect(
        setCookies(ok).some((c) => c.startsWith(`${form.cookie}=`) && !/^[^=]+=;/.test(c)),
        `${form.path} with our Origin signs in`,
      ).toBe(true);
    }

    // Sign-up: a replayed form from a foreign origin creates no account.
    const victim = uniqueEmail("csrf-signup");
    await page.goto("/signup");
    await page.getByLabel("Email").fill(victim);
    await page.getByLabel("Display name").fill("Nobody");
    await page.getByLabel("Password").fill(PASSWORD);
    const signup = await captureAction(page, () => page.getByRole("button", { name: "Create account" }).click());
    for (const [, origin] of foreignOrigins(baseURL)) await replay(request, signup, origin, "");
    const exists = await request.post("/api/signup", {
      data: { email: victim, name: "Probe", password: PASSWORD },
      headers: originHeader(baseURL),
    });
    expect(exists.status(), "the account was not created by any forged request").toBe(201);
  });

  test("the session area's sign-out, revoke-device and sign-out-others actions refuse a foreign Origin", async ({
    page,
    request,
    baseURL,
  }) => {
    const { email } = await signUpViaApi(request, baseURL);
    const other = await signInToSessionViaApi(request, baseURL, email); // a second device
    const mine = await signInToSessionViaApi(request, baseURL, email);
    await page.context().addCookies([{ name: SESSION_COOKIE, value: mine.seal, url: baseURL! }]);
    const cookie = `${SESSION_COOKIE}=${mine.seal}`;
    const alive = async (seal: string) =>
      (await request.get("/api/session/me", { headers: { cookie: `${SESSION_COOKIE}=${seal}` } })).status() === 200;

    const actions: CapturedAction[] = [];
    await page.goto("/session");
    actions.push(
      await captureAction(page, () =>
        page
          .getByRole("button", { name: /^sign out$/i })
          .first()
          .click(),
      ),
    );
    await page.goto("/session");
    actions.push(
      await captureAction(page, () => page.getByRole("button", { name: /sign out everywhere else/i }).click()),
    );
    await page.goto("/session");
    actions.push(
      await captureAction(page, () =>
        page
          .getByRole("button", { name: /^Revoke .*, id / })
          .first()
          .click(),
      ),
    );

    for (const action of actions) {
      for (const [what, origin] of foreignOrigins(baseURL)) {
        const response = await replay(request, action, origin, cookie);
        expect(response.status(), what).toBe(403);
        expect(
          setCookies(response).some((c) => c.startsWith(`${SESSION_COOKIE}=`)),
          what,
        ).toBe(false);
      }
    }
    expect(await alive(mine.seal), "this device is still signed in").toBe(true);
    expect(await alive(other.seal), "the other device is still signed in").toBe(true);

    // Control: with our Origin, "sign out everywhere else" really ends the other device.
    await replay(request, actions[1]!, new URL(baseURL!).origin, cookie);
    expect(await alive(other.seal)).toBe(false);
  });

  test("the token area's sign-out action refuses a foreign Origin", async ({ page, request, baseURL }) => {
    const { email } = await signUpViaApi(request, baseURL);
    const token = await signInToTokenViaApi(request, baseURL, email);
    const cookie = `${TOKEN_COOKIE}=${token}`;
    // Revocation mode, so a sign-out would be visible server-side (the token version is bumped).
    const mode = await request.post("/api/token/revocation-mode", {
      data: { enabled: true },
      headers: { ...originHeader(baseURL), cookie },
    });
    const revocable = setCookies(mode)
      .find((c) => c.startsWith(`${TOKEN_COOKIE}=`))!
      .split(";")[0]!;
    await page.context().addCookies([{ name: TOKEN_COOKIE, value: revocable.split("=")[1]!, url: baseURL! }]);
    await page.goto("/token");
    const action = await captureAction(page, () =>
      page
        .getByRole("button", { name: /^sign out$/i })
        .first()
        .click(),
    );
    for (const [what, origin] of foreignOrigins(baseURL)) {
      const response = await replay(request, action, origin, revocable);
      expect(response.status(), what).toBe(403);
      expect(
        setCookies(response).some((c) => c.startsWith(`${TOKEN_COOKIE}=`)),
        what,
      ).toBe(false);
    }
    expect((await request.get("/api/token/me", { headers: { cookie: revocable } })).status()).toBe(200);
    await replay(request, action, new URL(baseURL!).origin, revocable);
    expect((await request.get("/api/token/me", { headers: { cookie: revocable } })).status()).toBe(401);
  });
});
