import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { legacyHs256Token } from "../test/legacy-bearer";
import { originHeader, PASSWORD, signUpViaApi, uniqueEmail } from "./helpers";

const ACCESS_KEY = "svt.bearer.accessToken";
const REFRESH_KEY = "svt.bearer.refreshToken";

function stored(page: Page) {
  return page.evaluate(
    ([a, r]) => ({ access: localStorage.getItem(a!), refresh: localStorage.getItem(r!) }),
    [ACCESS_KEY, REFRESH_KEY],
  );
}

async function signInOnPage(page: Page, email: string) {
  await page.goto("/token/bearer");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Get tokens" }).click();
}

async function apiLogin(request: APIRequestContext, baseURL: string | undefined, email: string) {
  const response = await request.post("/api/bearer/login", {
    data: { email, password: PASSWORD },
    headers: originHeader(baseURL),
  });
  expect(response.status()).toBe(200);
  return (await response.json()) as { accessToken: string; refreshToken: string; expiresIn: number };
}

const refreshVia = (request: APIRequestContext, baseURL: string | undefined, refreshToken: string) =>
  request.post("/api/bearer/refresh", { data: { refreshToken }, headers: originHeader(baseURL) });

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

test.describe("the bearer page", () => {
  test("signs in, calls the API, refreshes, and a replayed refresh token kills the family", async ({
    page,
    request,
    baseURL,
  }) => {
    const account = await signUpViaApi(request, baseURL, uniqueEmail("bearer"), "Bea Rer");
    await signInOnPage(page, account.email);
    await expect(page.getByTestId("bearer-user")).toHaveText("Bea Rer");
    const first = await stored(page);
    expect(first.access).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(first.refresh).toMatch(/^svt_rt_[\w-]{43}$/);

    const header = JSON.parse((await page.getByTestId("access-header").textContent())!);
    expect(header).toEqual({ alg: "EdDSA", kid: expect.stringMatching(/^[\w-]{43}$/), typ: "at+jwt" });
    const claims = JSON.parse((await page.getByTestId("access-claims").textContent())!);
    expect(claims).toMatchObject({ iss: "sessions-vs-tokens", sub: expect.any(String), email: account.email });
    expect(claims.exp - claims.iat).toBe(300);
    await expect(page.getByTestId("access-countdown")).toHaveText(/^in (5 min|4 min)/);
    await expect(page.getByTestId("refresh-row-state")).toHaveText(["live"]);

    await page.getByRole("button", { name: "Call /api/bearer/me" }).click();
    await expect(page.getByTestId("last-status")).toHaveText("200");

    await page.getByRole("button", { name: "Refresh tokens" }).click();
    await expect.poll(async () => (await stored(page)).refresh).not.toBe(first.refresh);
    const second = await stored(page);
    expect(second.access).not.toBe(first.access);
    await expect(page.getByTestId("refresh-row-state")).toHaveText(["live", "spent"]);

    // An attacker replays the spent token: the whole family is revoked, the legitimate one included.
    await page.getByRole("button", { name: "Replay the old refresh token" }).click();
    await expect(page.getByTestId("bearer-notice")).toContainText("already used");
    await expect(page.getByTestId("refresh-row-state")).toHaveText(["revoked", "revoked"]);
    await expect(page.getByTestId("bearer-events")).toContainText("refresh-reuse");
    expect((await refreshVia(request, baseURL, second.refresh!)).status()).toBe(401);

    await page.getByRole("button", { name: "Refresh tokens" }).click();
    await expect(page.getByTestId("bearer-notice")).toContainText("not valid");
    await expect(page.getByRole("button", { name: "Get tokens" })).toBeVisible();
    expect(await stored(page)).toEqual({ access: null, refresh: null });
  });

  test("any script on the page can read both tokens; the HttpOnly next-auth cookie it cannot", async ({
    page,
    request,
    baseURL,
  }) => {
    const account = await signUpViaApi(request, baseURL);
    await signInOnPage(page, account.email);
    await expect(page.getByTestId("bearer-user")).toBeVisible();
    const tokens = await stored(page);
    // The one policy for showing secrets: prefixes and lengths on screen until revealed…
    await expect(page.getByTestId("secret-policy")).toContainText("How this page shows credentials");
    await expect(page.getByTestId("refresh-token")).toHaveAttribute("data-revealed", "false");
    await expect(page.getByTestId("refresh-token")).toHaveText(
      `${tokens.refresh!.slice(0, 8)}… (${tokens.refresh!.length} characters)`,
    );
    expect(await page.getByTestId("access-token").textContent()).not.toContain(tokens.access!);
    await page.getByRole("button", { name: "Run a third-party script" }).click();
    const hidden = JSON.parse((await page.getByTestId("xss-output").textContent())!);
    expect(hidden.localStorage[ACCESS_KEY]).toBe(
      `${tokens.access!.slice(0, 8)}… (${tokens.access!.length} characters)`,
    );
    // …then in full, behind a warned Reveal (the script itself got everything either way).
    await page.getByTestId("reveal-secrets").locator("summary").click();
    await expect(page.getByTestId("reveal-secrets")).toContainText("Warning:");
    await page.getByRole("button", { name: "Reveal them" }).click();
    await expect(page.getByTestId("refresh-token")).toHaveText(tokens.refresh!);
    await expect(page.getByTestId("access-token")).toHaveText(tokens.access!);
    const output = JSON.parse((await page.getByTestId("xss-output").textContent())!);
    expect(output.localStorage[ACCESS_KEY]).toBe(tokens.access);
    expect(output.localStorage[REFRESH_KEY]).toBe(tokens.refresh);
    expect(output["document.cookie"]).not.toContain("authjs.session-token");
  });

  test("a reload keeps the sign-in (localStorage) and sign-out revokes the family — the access token lives on", async ({
    page,
    request,
    baseURL,
  }) => {
    const account = await signUpViaApi(request, baseURL);
    await signInOnPage(page, account.email);
    await expect(page.getByTestId("bearer-user")).toBeVisible();
    await page.reload();
    await expect(page.getByTestId("bearer-user")).toBeVisible();
    const tokens = await stored(page);

    await page.getByRole("main").getByRole("button", { name: "Sign out" }).click();
    await expect(page.getByTestId("bearer-notice")).toContainText("Signed out");
    expect(await stored(page)).toEqual({ access: null, refresh: null });
    expect((await refreshVia(request, baseURL, tokens.refresh!)).status()).toBe(401);

    await page.getByRole("button", { name: "Call /api/bearer/me with the old access token" }).click();
    await expect(page.getByTestId("after-signout-status")).toContainText("200 OK");
    const me = await request.get("/api/bearer/me", { headers: { authorization: `Bearer ${tokens.access}` } });
    expect(me.status()).toBe(200);
    expect((await me.json()).checks.databaseQueries).toBe(0);
  });

  test("an HS256 access token from before asymmetric keys is replaced through the refresh token: nobody is signed out", async ({
    page,
    request,
    baseURL,
  }) => {
    const account = await signUpViaApi(request, baseURL, uniqueEmail("upgrade"), "Up Grade");
    await signInOnPage(page, account.email);
    await expect(page.getByTestId("bearer-user")).toHaveText("Up Grade");
    const current = await stored(page);
    // What the browser held before the upgrade: the same claims, HS256 with the key derived from AUTH_SECRET.
    const claims = JSON.parse(Buffer.from(current.access!.split(".")[1]!, "base64url").toString());
    const legacy = legacyHs256Token(process.env.E2E_AUTH_SECRET!, claims);
    await page.evaluate(([key, token]) => localStorage.setItem(key!, token!), [ACCESS_KEY, legacy]);
    await page.reload();
    // The page's first call is refused (401); the client spends the refresh token and retries with the new pair.
    await expect(page.getByTestId("bearer-user")).toHaveText("Up Grade");
    await expect.poll(async () => (await stored(page)).access).not.toBe(legacy);
    const renewed = await stored(page);
    expect(renewed.refresh).not.toBe(current.refresh);
    expect(JSON.parse(Buffer.from(renewed.access!.split(".")[0]!, "base64url").toString()).alg).toBe("EdDSA");
    const me = await request.get("/api/bearer/me", { headers: { authorization: `Bearer ${legacy}` } });
    expect(me.status()).toBe(401);
  });
});

test.describe("the bearer API", () => {
  test("20 concurrent refreshes of one token → exactly one new pair", async ({ request, baseURL }) => {
    const account = await signUpViaApi(request, baseURL);
    const { refreshToken } = await apiLogin(request, baseURL, account.email);
    const responses = await Promise.all(Array.from({ length: 20 }, () => refreshVia(request, baseURL, refreshToken)));
    const statuses = responses.map((r) => r.status());
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 401)).toHaveLength(19);
  });

  test("rotation: each refresh token works once", async ({ request, baseURL }) => {
    const account = await signUpViaApi(request, baseURL);
    const first = await apiLogin(request, baseURL, account.email);
    const second = await refreshVia(request, baseURL, first.refreshToken);
    expect(second.status()).toBe(200);
    const pair = await second.json();
    expect(pair).toMatchObject({ tokenType: "Bearer", expiresIn: 300 });
    expect(pair.refreshToken).not.toBe(first.refreshToken);
    const third = await refreshVia(request, baseURL, pair.refreshToken);
    expect(third.status()).toBe(200);
  });

  test("sign-in answers wrong password and unknown email alike, and refuses bad requests clearly", async ({
    request,
    baseURL,
  }) => {
    const account = await signUpViaApi(request, baseURL);
    const post = (data: unknown, headers: Record<string, string> = originHeader(baseURL)) =>
      request.post("/api/bearer/login", { data: data as string, headers });
    const wrong = await post({ email: account.email, password: "not the password" });
    const unknown = await post({ email: uniqueEmail("ghost"), password: "not the password" });
    expect(wrong.status()).toBe(401);
    expect(await wrong.json()).toEqual(await unknown.json());
    const missing = await post({});
    expect(missing.status()).toBe(400);
    expect((await missing.json()).fields).toMatchObject({
      email: expect.stringMatching(/required/),
      password: expect.stringMatching(/required/),
    });
    expect((await post({ email: account.email, password: PASSWORD }, { origin: "http://evil.example" })).status()).toBe(
      403,
    );
    expect(
      (
        await post("email=a", { ...originHeader(baseURL), "content-type": "application/x-www-form-urlencoded" })
      ).status(),
    ).toBe(415);
    expect((await request.get("/api/bearer/login")).status()).toBe(405);
  });

  test("refresh and sign-out refuse cross-site and malformed requests", async ({ request, baseURL }) => {
    const crossSite = await request.post("/api/bearer/refresh", {
      data: { refreshToken: "svt_rt_x" },
      headers: { origin: "http://evil.example" },
    });
    expect(crossSite.status()).toBe(403);
    const missing = await request.post("/api/bearer/refresh", { data: {}, headers: originHeader(baseURL) });
    expect(missing.status()).toBe(400);
    expect((await missing.json()).fields.refreshToken).toBe("refreshToken is required.");
    const garbage = await refreshVia(request, baseURL, "garbage");
    expect(garbage.status()).toBe(401);
    const logout = await request.post("/api/bearer/logout", {
      data: { refreshToken: "garbage" },
      headers: originHeader(baseURL),
    });
    expect(logout.status()).toBe(200);
  });

  test("GET /api/bearer/me: 401 with a Bearer challenge for anything but a valid access token", async ({
    request,
    baseURL,
  }) => {
    const account = await signUpViaApi(request, baseURL);
    const { accessToken, refreshToken } = await apiLogin(request, baseURL, account.email);
    const me = (authorization?: string) =>
      request.get("/api/bearer/me", { headers: authorization ? { authorization } : {} });

    const ok = await me(`Bearer ${accessToken}`);
    expect(ok.status()).toBe(200);
    expect((await ok.json()).user.email).toBe(account.email);

    const none = await me();
    expect(none.status()).toBe(401);
    expect(none.headers()["www-authenticate"]).toBe('Bearer realm="sessions-vs-tokens"');

    const [header, payload, signature] = accessToken.split(".");
    const claims = JSON.parse(Buffer.from(payload!, "base64url").toString());
    const bad = [
      `Bearer ${refreshToken}`,
      `Bearer ${b64({ alg: "none", typ: "at+jwt" })}.${payload}.`,
      `Bearer ${b64({ alg: "NONE", typ: "at+jwt" })}.${payload}.${signature}`,
      `Bearer ${header}.${b64({ ...claims, sub: "00000000-0000-4000-8000-000000000000" })}.${signature}`,
      `Bearer ${header}.${b64({ ...claims, exp: claims.exp + 86_400 })}.${signature}`,
      `Bearer ${accessToken}x`,
      `Bearer ${"a".repeat(10_000)}`,
      "Bearer not a token",
    ];
    for (const authorization of bad) {
      const response = await me(authorization);
      expect(response.status(), authorization.slice(0, 60)).toBe(401);
      expect(response.headers()["www-authenticate"]).toContain('error="invalid_token"');
    }
  });
});
