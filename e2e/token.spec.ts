import { expect, test, type APIRequestContext, type BrowserContext } from "@playwright/test";
import { originHeader, PASSWORD, signInViaTokenForm, signUpViaApi, TOKEN_COOKIE, uniqueEmail } from "./helpers";

/** The session cookie's value from a browser context (unchunked: our tokens are far below 4 KB). */
async function tokenCookie(context: BrowserContext): Promise<string | undefined> {
  return (await context.cookies()).find((c) => c.name === TOKEN_COOKIE)?.value;
}

/** GET /api/token/me with only this cookie, as a copy of it would be replayed from another machine. */
function meWith(request: APIRequestContext, value: string) {
  return request.get("/api/token/me", { headers: { cookie: `${TOKEN_COOKIE}=${value}` } });
}

test.describe("next-auth JWT sessions", () => {
  test("sign in → /token shows the decoded JWE, the cookie, and nothing stored on the server", async ({
    page,
    request,
    baseURL,
  }) => {
    const account = await signUpViaApi(request, baseURL, uniqueEmail("token"), "Tina Token");
    await signInViaTokenForm(page, account.email);
    await expect(page).toHaveURL(/\/token$/);
    await expect(page.getByRole("heading", { name: "Your token session" })).toBeVisible();
    await expect(page.getByTestId("token-user")).toHaveText("Tina Token");
    await expect(page.getByTestId("header-strategy")).toHaveText("Token");

    const header = JSON.parse((await page.getByTestId("jwe-header").textContent())!);
    expect(header).toMatchObject({ alg: "dir", enc: "A256CBC-HS512" });
    expect(header.kid).toMatch(/^[A-Za-z0-9_-]{43,}$/);
    await expect(page.getByTestId("claim-email")).toHaveText(account.email);
    await expect(page.getByTestId("claim-name")).toHaveText("Tina Token");
    await expect(page.getByTestId("claim-sub")).toHaveText(/^[0-9a-f-]{36}$/);
    await expect(page.getByTestId("claim-jti")).toHaveText(/^[0-9a-f-]{36}$/);
    await expect(page.getByTestId("claim-revocation")).toHaveText("false");
    await expect(page.getByTestId("expiry-countdown")).toHaveText(/^in (23 h|1 d)/);

    await expect(page.getByTestId("server-rows")).toHaveText("0");
    await expect(page.getByTestId("db-reads")).toContainText("0");
    await expect(page.getByTestId("revocation-mode")).toHaveText("off");
    await expect(page.getByTestId("cookie-name")).toHaveText(TOKEN_COOKIE);
    await expect(page.getByTestId("chunk-count")).toHaveText("1");

    const cookie = (await page.context().cookies()).find((c) => c.name === TOKEN_COOKIE)!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe("Lax");
    expect(cookie.path).toBe("/");
    await expect(page.getByTestId("cookie-bytes")).toHaveText(String(`${cookie.name}=${cookie.value}`.length));
    // The page never prints the whole cookie unless asked (that would hand it to any script on the page): the one
    // policy for showing secrets, the same as /session's — prefixes, then the full value behind a warned Reveal.
    expect(await page.content()).not.toContain(cookie.value);
    await expect(page.getByTestId("secret-policy")).toContainText("How this page shows credentials");
    await page.getByTestId("reveal-secrets").locator("summary").click();
    await expect(page.getByTestId("reveal-secrets")).toContainText("Warning:");
    await page.getByRole("link", { name: "Reveal them" }).click();
    await expect(page).toHaveURL(/\/token\?reveal=1$/);
    await expect(page.getByTestId("jwe-full")).toHaveText(cookie.value);
    await page.getByTestId("hide-secrets").click();
    await expect(page).toHaveURL(/\/token$/);
    expect(await page.content()).not.toContain(cookie.value);
    await expect(page.getByTestId("token-events")).toContainText("sign-in");
  });

  test("re-encoding through Auth.js gives a new jti and exp; the sign-in time does not move", async ({
    page,
    request,
    baseURL,
  }) => {
    const account = await signUpViaApi(request, baseURL);
    await signInViaTokenForm(page, account.email);
    await expect(page).toHaveURL(/\/token$/);
    const jti = await page.getByTestId("claim-jti").textContent();
    const authTime = await page.getByTestId("claim-auth_time").textContent();
    const before = await tokenCookie(page.context());
    await page.getByRole("button", { name: "Re-encode now" }).click();
    await expect(page.getByTestId("claim-jti")).not.toHaveText(jti!);
    await expect(page.getByTestId("claim-auth_time")).toHaveText(authTime!);
    const after = await tokenCookie(page.context());
    expect(after).not.toBe(before);
    // Both strings are valid at once: re-encoding does not end the old copy.
    expect((await meWith(request, before!)).status()).toBe(200);
    expect((await meWith(request, after!)).status()).toBe(200);
  });

  test("default mode: after sign-out, a captured cookie still works until it expires", async ({
    page,
    request,
    baseURL,
  }) => {
    const account = await signUpViaApi(request, baseURL, uniqueEmail("replay"), "Replay Victim");
    await signInViaTokenForm(page, account.email);
    await expect(page).toHaveURL(/\/token$/);
    const captured = (await tokenCookie(page.context()))!;
    expect(captured).toBeTruthy();

    await page.getByRole("main").getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/token\/login\?signed-out=1$/);
    await expect(page.getByTestId("signed-out")).toBeVisible();
    expect(await tokenCookie(page.context())).toBeUndefined();
    await page.goto("/token");
    await expect(page).toHaveURL(/\/token\/login\?next=(%2F|\/)token$/);

    // The point of the lab: the server has nothing to delete, so the copy is still accepted.
    const replay = await meWith(request, captured);
    expect(replay.status()).toBe(200);
    const body = await replay.json();
    expect(body.user).toMatchObject({ email: account.email, name: "Replay Victim" });
    expect(body.checks.databaseQueries).toBe(0);
    expect(body.token.exp).toBeGreaterThan(Date.now() / 1000);
    expect(replay.headers()["cache-control"]).toBe("no-store");
  });

  test("revocation mode: after sign-out, a captured cookie — and every other JWT of the account — stops at once", async ({
    page,
    browser,
    request,
    baseURL,
  }) => {
    const account = await signUpViaApi(request, baseURL, uniqueEmail("revoke"));
    await signInViaTokenForm(page, account.email);
    await expect(page).toHaveURL(/\/token$/);

    const switched = await page.request.post("/api/token/revocation-mode", {
      data: { enabled: true },
      headers: originHeader(baseURL),
    });
    expect(switched.status()).toBe(200);
    expect(await switched.json()).toMatchObject({ enabled: true, tokenVersion: 0, databaseReadsPerRequest: 1 });
    await page.reload();
    await expect(page.getByTestId("revocation-mode")).toHaveText("on");
    await expect(page.getByTestId("claim-revocation")).toHaveText("true");
    await expect(page.getByTestId("db-reads")).toContainText("1");
    await expect(page.getByTestId("token-version")).toContainText("account 0");

    // A second device signs in while the mode is on.
    const other = await browser.newContext();
    const otherPage = await other.newPage();
    await signInViaTokenForm(otherPage, account.email);
    await expect(otherPage).toHaveURL(/\/token$/);
    const otherCookie = (await tokenCookie(other))!;

    const captured = (await tokenCookie(page.context()))!;
    const before = await meWith(request, captured);
    expect(before.status()).toBe(200);
    expect((await before.json()).checks.databaseQueries).toBe(1);

    await page.getByRole("main").getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/token\/login\?signed-out=1$/);

    expect((await meWith(request, captured)).status()).toBe(401);
    expect((await meWith(request, otherCookie)).status()).toBe(401);
    await otherPage.goto("/token");
    await expect(otherPage).toHaveURL(/\/token\/login/);
    await other.close();

    // Signing in again works, with the new version.
    await signInViaTokenForm(page, account.email);
    await expect(page).toHaveURL(/\/token$/);
    await expect(page.getByTestId("token-version")).toContainText("account 1");
    // The mode can be switched off from the page, with the password (weakening needs it: SECURITY.md I3).
    await page.getByLabel("Password to turn it off").fill(PASSWORD);
    await page.getByRole("button", { name: "Turn revocation mode off" }).click();
    await expect(page.getByTestId("revocation-mode")).toHaveText("off");
    await expect(page.getByTestId("db-reads")).toContainText("0");
  });

  test("wrong password and unknown email get the same answer, and no cookie", async ({ page, request, baseURL }) => {
    const account = await signUpViaApi(request, baseURL);
    const answers = [];
    for (const [email, password] of [
      [account.email, "not the password at all"],
      [uniqueEmail("nobody"), PASSWORD],
    ]) {
      await signInViaTokenForm(page, email!, password);
      const alert = page.getByTestId("form-error");
      await expect(alert).toBeVisible();
      answers.push(await alert.textContent());
      await expect(page.getByLabel("Email")).toHaveValue(email!);
      await expect(page.getByLabel("Password")).toHaveValue("");
    }
    expect(answers).toEqual(["Email or password is incorrect.", "Email or password is incorrect."]);
    expect(await tokenCookie(page.context())).toBeUndefined();
  });

  test("empty fields are explained next to the field", async ({ page }) => {
    await page.goto("/token/login");
    await page.getByRole("button", { name: "Sign in with a token" }).click();
    await expect(page.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByRole("alert").filter({ hasText: "Email is required." })).toBeVisible();
  });

  test("post-sign-in redirects stay on our origin", async ({ page, request, baseURL }) => {
    const account = await signUpViaApi(request, baseURL);
    await signInViaTokenForm(page, account.email, PASSWORD, "//evil.example/steal");
    await expect(page).toHaveURL(`${baseURL}/token`);
    await page.context().clearCookies();
    await signInViaTokenForm(page, account.email, PASSWORD, "/token/bearer");
    await expect(page).toHaveURL(`${baseURL}/token/bearer`);

    // Auth.js's own sign-in endpoint runs callbackUrl through the same guard.
    const response = await request.get("/api/auth/signin?callbackUrl=https%3A%2F%2Fevil.example%2F", {
      maxRedirects: 0,
    });
    expect(response.status()).toBe(302);
    const location = response.headers()["location"]!;
    expect(new URL(location, baseURL).origin).toBe(new URL(baseURL!).origin);
    expect(decodeURIComponent(location)).not.toContain("evil.example");
  });

  test("Auth.js's CSRF protection stays on for its own endpoints", async ({ request, baseURL }) => {
    const account = await signUpViaApi(request, baseURL);
    const response = await request.post("/api/auth/callback/credentials", {
      form: { email: account.email, password: PASSWORD },
      headers: originHeader(baseURL),
      maxRedirects: 0,
    });
    expect(response.status()).toBe(302);
    expect(response.headers()["location"]).toContain("error=MissingCSRF");
    expect(response.headersArray().some((h) => h.value.startsWith(`${TOKEN_COOKIE}=`) && h.value.length > 40)).toBe(
      false,
    );
  });

  test("no session, a forged or a garbage cookie mean 401 — never a 5xx", async ({ page, request }) => {
    expect((await request.get("/api/token/me")).status()).toBe(401);
    for (const value of ["garbage", "a.b.c.d.e", "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2Q0JDLUhTNTEyIn0..AAAA.BBBB.CCCC"]) {
      const response = await meWith(request, value);
      expect(response.status()).toBe(401);
      expect(await response.json()).toEqual({ error: "Not signed in with a token." });
    }
    await page.goto("/token");
    await expect(page).toHaveURL(/\/token\/login\?next=(%2F|\/)token$/);
    await page.context().addCookies([{ name: TOKEN_COOKIE, value: "garbage", url: page.url() }]);
    await page.goto("/token");
    await expect(page).toHaveURL(/\/token\/login/);
    await expect(page.getByTestId("header-user")).toHaveText("Not signed in");
  });

  test("the revocation-mode switch refuses cross-site, signed-out and malformed requests", async ({
    page,
    request,
    baseURL,
  }) => {
    const anonymous = await request.post("/api/token/revocation-mode", {
      data: { enabled: true },
      headers: originHeader(baseURL),
    });
    expect(anonymous.status()).toBe(401);

    const account = await signUpViaApi(request, baseURL);
    await signInViaTokenForm(page, account.email);
    await expect(page).toHaveURL(/\/token$/);
    const crossSite = await page.request.post("/api/token/revocation-mode", {
      data: { enabled: true },
      headers: { origin: "http://evil.example" },
    });
    expect(crossSite.status()).toBe(403);
    const wrongType = await page.request.post("/api/token/revocation-mode", {
      data: { enabled: "yes" },
      headers: originHeader(baseURL),
    });
    expect(wrongType.status()).toBe(400);
    expect((await wrongType.json()).fields.enabled).toBe("enabled must be true or false.");
    const notJson = await page.request.post("/api/token/revocation-mode", {
      data: "enabled=true",
      headers: { ...originHeader(baseURL), "content-type": "text/plain" },
    });
    expect(notJson.status()).toBe(415);
    const get = await page.request.get("/api/token/revocation-mode");
    expect(get.status()).toBe(405);
    await page.reload();
    await expect(page.getByTestId("revocation-mode")).toHaveText("off");
  });
});
