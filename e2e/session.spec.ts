import { createHash } from "node:crypto";
import { expect, test, type APIRequestContext, type Browser } from "@playwright/test";
import { sealData, unsealData } from "iron-session";
import pg from "pg";
import {
  originHeader,
  PASSWORD,
  SESSION_COOKIE,
  signInToSessionViaApi,
  signInViaSessionForm,
  signUpViaApi,
  uniqueEmail,
} from "./helpers";

/**
 * The session area end to end: a real Chromium and raw HTTP against `next start` on the real database.
 * The test process knows the server's SESSION_SECRET (playwright.config.ts generates it per run), so it can
 * open the browser's seal and check that the page tells the truth, and forge seals the way only the server
 * could.
 */

const password = () => ({ 1: process.env.E2E_SESSION_SECRET! });
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

async function openSeal(seal: string): Promise<string> {
  const content = await unsealData<{ secret?: string }>(seal, { password: password() });
  expect(content.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
  return content.secret!;
}

async function me(request: APIRequestContext, seal: string | null) {
  return request.get("/api/session/me", { headers: seal === null ? {} : { cookie: `${SESSION_COOKIE}=${seal}` } });
}

async function newSignedInContext(browser: Browser, email: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInViaSessionForm(page, email);
  await expect(page).toHaveURL(/\/session$/);
  return { context, page };
}

test.describe("signing in", () => {
  test("sign in → /session shows the row and the decoded cookie, and they agree with the browser", async ({
    page,
    context,
    request,
    baseURL,
  }) => {
    const { email, name } = await signUpViaApi(request, baseURL, uniqueEmail("session"), "Sally Session");
    await signInViaSessionForm(page, email);
    await expect(page).toHaveURL(/\/session$/);
    await expect(page.getByRole("heading", { name: "Your server-side session" })).toBeVisible();
    await expect(page.getByTestId("session-user")).toHaveText(name);
    await expect(page.getByTestId("header-strategy")).toHaveText("Session");

    const cookie = (await context.cookies()).find((c) => c.name === SESSION_COOKIE)!;
    expect(cookie, "the browser holds the session cookie").toBeTruthy();
    const secret = await openSeal(cookie.value);
    const id = sha256(secret);

    // What the browser stores: the seal, its parts, the unsealed content — by default only as prefixes (the one
    // policy for showing secrets): the server does not send the seal or the secret until they are revealed.
    await expect(page.getByTestId("cookie-name")).toHaveText(SESSION_COOKIE);
    await expect(page.getByTestId("secret-policy")).toContainText("How this page shows credentials");
    await expect(page.getByTestId("cookie-seal")).toHaveAttribute("data-revealed", "false");
    expect(await page.content()).not.toContain(cookie.value);
    expect(await page.content()).not.toContain(secret);
    await expect(page.getByTestId("unsealed-content")).toContainText(`{"secret":"${secret.slice(0, 8)}…`);
    await page.getByTestId("reveal-secrets").locator("summary").click();
    await expect(page.getByTestId("reveal-secrets")).toContainText("Warning:");
    await page.getByRole("link", { name: "Reveal them" }).click();
    await expect(page).toHaveURL(/\/session\?reveal=1$/);
    await expect(page.getByTestId("cookie-seal")).toHaveText(cookie.value);
    for (const part of [
      "prefix",
      "passwordId",
      "encryptionSalt",
      "iv",
      "ciphertext",
      "expiration",
      "hmacSalt",
      "hmac",
    ]) {
      await expect(page.getByTestId(`seal-part-${part}`)).toBeVisible();
    }
    await expect(page.getByTestId("seal-part-prefix")).toContainText("Fe26.2");
    await expect(page.getByTestId("unsealed-content")).toHaveText(JSON.stringify({ secret }));
    await expect(page.getByTestId("cookie-bytes")).toHaveText(String(`${SESSION_COOKIE}=${cookie.value}`.length));

    // What the server stores: the row whose id is SHA-256 of that secret, never the secret itself.
    await expect(page.getByTestId("secret-hash")).toHaveText(id);
    await expect(page.getByTestId("session-row-id")).toHaveText(`${id.slice(0, 12)}…`);
    await expect(page.getByTestId("session-row")).not.toContainText(secret);
    // Hide puts them away again.
    await page.getByTestId("hide-secrets").click();
    await expect(page).toHaveURL(/\/session$/);
    await expect(page.getByTestId("cookie-seal")).toHaveAttribute("data-revealed", "false");
    const devices = page.getByTestId("device");
    await expect(devices).toHaveCount(1);
    await expect(devices.first()).toHaveAttribute("data-current", "true");
    await expect(devices.first()).toHaveAttribute("data-id-prefix", id.slice(0, 12));
    await expect(page.getByTestId("event").filter({ hasText: "sign-in" }).first()).toBeVisible();
  });

  test("the cookie is HttpOnly, SameSite=Lax, Path=/, not Secure on http://localhost, and no longer-lived than the row", async ({
    page,
    context,
    request,
    baseURL,
  }) => {
    const { email } = await signUpViaApi(request, baseURL);
    const before = Date.now() / 1000;
    await signInViaSessionForm(page, email);
    await expect(page).toHaveURL(/\/session$/);
    const cookies = (await context.cookies()).filter((c) => c.name.includes(SESSION_COOKIE));
    expect(cookies).toHaveLength(1);
    const [cookie] = cookies;
    expect(cookie).toMatchObject({ name: SESSION_COOKIE, httpOnly: true, sameSite: "Lax", path: "/", secure: false });
    expect(cookie!.domain).toBe("localhost");
    // Seven days (the idle timeout), never more.
    expect(cookie!.expires).toBeGreaterThan(before + 7 * 86_400 - 120);
    expect(cookie!.expires).toBeLessThanOrEqual(Date.now() / 1000 + 7 * 86_400 + 1);
    // Scripts cannot see it.
    expect(await page.evaluate(() => document.cookie)).not.toContain(SESSION_COOKIE);

    // The raw Set-Cookie header, as sent.
    const { setCookie } = await signInToSessionViaApi(request, baseURL, email);
    expect(setCookie).toMatch(/;\s*HttpOnly/i);
    expect(setCookie).toMatch(/;\s*SameSite=Lax/i);
    expect(setCookie).toMatch(/;\s*Path=\//i);
    expect(setCookie).toMatch(/;\s*Max-Age=604800\b/i);
    expect(setCookie).not.toMatch(/;\s*Secure/i);
    expect(setCookie).not.toMatch(/;\s*Domain=/i);
  });

  test("a wrong password gets the generic answer, keeps the email, sets no cookie, and is logged", async ({
    page,
    context,
    request,
    baseURL,
  }) => {
    const { email } = await signUpViaApi(request, baseURL);
    await signInViaSessionForm(page, email, "not the password at all");
    await expect(page.getByTestId("form-error")).toHaveText("Email or password is incorrect.");
    await expect(page.getByTestId("form-error")).toHaveAttribute("role", "alert");
    await expect(page.getByLabel("Email")).toHaveValue(email);
    await expect(page.getByLabel("Password")).toHaveValue("");
    expect((await context.cookies()).some((c) => c.name === SESSION_COOKIE)).toBe(false);
    // Unknown email: the very same answer.
    await signInViaSessionForm(page, uniqueEmail("nobody"), "not the password at all");
    await expect(page.getByTestId("form-error")).toHaveText("Email or password is incorrect.");

    await signInViaSessionForm(page, email);
    await expect(page).toHaveURL(/\/session$/);
    await expect(page.getByTestId("event").filter({ hasText: "sign-in-failed" })).toHaveCount(1);
  });

  test("/session is protected and not cacheable; `next` brings you back, and only to this site", async ({
    page,
    request,
    baseURL,
  }) => {
    const anonymous = await request.get("/session", { maxRedirects: 0 });
    expect(anonymous.status()).toBe(307);
    expect(anonymous.headers()["location"]).toBe("/session/login?next=/session");

    const { email } = await signUpViaApi(request, baseURL);
    const response = await page.goto("/session");
    expect(response!.ok()).toBe(true);
    await expect(page).toHaveURL(/\/session\/login\?next=%2Fsession$|\/session\/login\?next=\/session$/);
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in with a session" }).click();
    await expect(page).toHaveURL(/\/session$/);
    const signedIn = await page.goto("/session");
    expect(signedIn!.status()).toBe(200);
    expect(signedIn!.headers()["cache-control"]).toContain("no-store");

    // A `next` pointing elsewhere is replaced by this area's home.
    await signInViaSessionForm(page, email, PASSWORD, "//evil.example/steal");
    await expect(page).toHaveURL(new URL("/session", baseURL).href);
    await signInViaSessionForm(page, email, PASSWORD, "/?from=session");
    await expect(page).toHaveURL(new URL("/?from=session", baseURL).href);
  });
});

test.describe("signing out and revoking", () => {
  test("a cookie captured before sign-out gets 401 after sign-out", async ({ page, context, request, baseURL }) => {
    const { email } = await signUpViaApi(request, baseURL);
    await signInViaSessionForm(page, email);
    await expect(page).toHaveURL(/\/session$/);
    const captured = (await context.cookies()).find((c) => c.name === SESSION_COOKIE)!.value;
    expect((await me(request, captured)).status()).toBe(200);

    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await expect(page).toHaveURL(/\/session\/login\?signed-out=1$/);
    await expect(page.getByTestId("signed-out")).toBeVisible();
    expect((await context.cookies()).some((c) => c.name === SESSION_COOKIE)).toBe(false);

    const replay = await me(request, captured);
    expect(replay.status()).toBe(401);
    expect(await replay.json()).toMatchObject({ reason: "unknown" });
    // The seal is still cryptographically valid: it is the deleted row that makes it worthless.
    await openSeal(captured);
  });

  test("revoking a device from a second browser logs the first out on its next request", async ({
    browser,
    request,
    baseURL,
  }) => {
    const { email } = await signUpViaApi(request, baseURL);
    const first = await newSignedInContext(browser, email);
    const second = await newSignedInContext(browser, email);
    expect((await first.context.request.get("/api/session/me")).status()).toBe(200);

    await second.page.reload();
    const devices = second.page.getByTestId("device");
    await expect(devices).toHaveCount(2);
    const other = second.page.locator('[data-testid="device"][data-current="false"]');
    await other.getByRole("button", { name: /^Revoke/ }).click();
    await expect(second.page.getByRole("status").filter({ hasText: "Session revoked" })).toBeVisible();
    await expect(devices).toHaveCount(1);
    await expect(devices.first()).toHaveAttribute("data-current", "true");

    // The first browser's very next request is signed out (and its cookie cleared)…
    await first.page.goto("/session");
    await expect(first.page).toHaveURL(/\/session\/login\?next=(\/|%2F)session&ended=1$/);
    await expect(first.page.getByTestId("session-ended")).toBeVisible();
    expect((await first.context.request.get("/api/session/me")).status()).toBe(401);
    // …while the second one carries on, and the log says what happened.
    expect((await second.context.request.get("/api/session/me")).status()).toBe(200);
    await second.page.reload();
    await expect(second.page.getByTestId("event").filter({ hasText: "revocation" })).toHaveCount(1);
    await first.context.close();
    await second.context.close();
  });

  test("sign out everywhere else keeps only the current device", async ({ browser, request, baseURL }) => {
    const { email } = await signUpViaApi(request, baseURL);
    const here = await newSignedInContext(browser, email);
    const elsewhere = [
      await signInToSessionViaApi(request, baseURL, email),
      await signInToSessionViaApi(request, baseURL, email),
    ];
    for (const { seal } of elsewhere) expect((await me(request, seal)).status()).toBe(200);

    await here.page.reload();
    await expect(here.page.getByTestId("device")).toHaveCount(3);
    await here.page.getByRole("button", { name: "Sign out everywhere else" }).click();
    await expect(here.page.getByRole("status").filter({ hasText: "Ended 2 other sessions" })).toBeVisible();
    await expect(here.page.getByTestId("device")).toHaveCount(1);
    await expect(here.page.getByTestId("device").first()).toHaveAttribute("data-current", "true");

    for (const { seal } of elsewhere) expect((await me(request, seal)).status()).toBe(401);
    expect((await here.context.request.get("/api/session/me")).status()).toBe(200);
    await here.context.close();
  });

  test("a cookie present before sign-in is never authenticated by it (fixation)", async ({
    browser,
    request,
    baseURL,
  }) => {
    const attacker = await signUpViaApi(request, baseURL, uniqueEmail("attacker"), "Mallory");
    const victim = await signUpViaApi(request, baseURL, uniqueEmail("victim"), "Victor");
    const { seal: planted } = await signInToSessionViaApi(request, baseURL, attacker.email);

    const context = await browser.newContext();
    await context.addCookies([{ name: SESSION_COOKIE, value: planted, url: baseURL! }]);
    const page = await context.newPage();
    await signInViaSessionForm(page, victim.email);
    await expect(page).toHaveURL(/\/session$/);
    const issued = (await context.cookies()).find((c) => c.name === SESSION_COOKIE)!.value;
    expect(issued).not.toBe(planted);
    expect(await openSeal(issued)).not.toBe(await openSeal(planted));

    // The planted cookie is not the victim's session — it is no session at all any more.
    expect((await me(request, planted)).status()).toBe(401);
    const mine = await context.request.get("/api/session/me");
    expect((await mine.json()).user.email).toBe(victim.email);

    // The same on one's own browser: signing in again rotates the session; the old cookie is dead.
    await signInViaSessionForm(page, victim.email);
    await expect(page).toHaveURL(/\/session$/);
    const rotated = (await context.cookies()).find((c) => c.name === SESSION_COOKIE)!.value;
    expect(rotated).not.toBe(issued);
    expect((await me(request, issued)).status()).toBe(401);
    await context.close();
  });

  test("JSON sign-out: same origin and JSON only; scopes this, others and everywhere", async ({ request, baseURL }) => {
    const { email } = await signUpViaApi(request, baseURL);
    const a = await signInToSessionViaApi(request, baseURL, email);
    const b = await signInToSessionViaApi(request, baseURL, email);
    const c = await signInToSessionViaApi(request, baseURL, email);
    const post = (seal: string, data: unknown, headers: Record<string, string> = originHeader(baseURL)) =>
      request.post("/api/session/logout", { data, headers: { ...headers, cookie: `${SESSION_COOKIE}=${seal}` } });

    expect((await post(a.seal, {}, { origin: "http://evil.example" })).status()).toBe(403);
    expect((await post(a.seal, {}, {})).status()).toBe(403);
    expect(
      (
        await request.post("/api/session/logout", {
          data: "scope=this",
          headers: {
            ...originHeader(baseURL),
            "content-type": "application/x-www-form-urlencoded",
            cookie: `${SESSION_COOKIE}=${a.seal}`,
          },
        })
      ).status(),
    ).toBe(415);
    const badScope = await post(a.seal, { scope: "galaxy" });
    expect(badScope.status()).toBe(400);
    expect((await badScope.json()).fields.scope).toMatch(/"this", "others" or "everywhere"/);
    const get = await request.get("/api/session/logout");
    expect(get.status()).toBe(405);
    expect(get.headers()["allow"]).toBe("POST, OPTIONS");
    expect((await request.post("/api/session/me")).status()).toBe(405);
    expect((await me(request, a.seal)).status()).toBe(200);

    const others = await post(a.seal, { scope: "others" });
    expect(await others.json()).toEqual({ scope: "others", ended: 2 });
    expect((await me(request, b.seal)).status()).toBe(401);
    expect((await me(request, c.seal)).status()).toBe(401);

    const self = await post(a.seal, {});
    expect(await self.json()).toEqual({ scope: "this", ended: 1 });
    expect(self.headers()["set-cookie"]).toMatch(new RegExp(`^${SESSION_COOKIE}=;.*Max-Age=0`, "i"));
    expect((await me(request, a.seal)).status()).toBe(401);
    expect(await (await post(a.seal, {})).json()).toEqual({ scope: "this", ended: 0 });
    expect((await post(a.seal, { scope: "everywhere" })).status()).toBe(401);
  });
});

test.describe("bad cookies mean signed out, never an error", () => {
  const garbage: Array<[string, () => Promise<string>]> = [
    ["Fe26.2**", async () => "Fe26.2**"],
    ["5000 × A", async () => "A".repeat(5000)],
    ["a wrong prefix", async () => "Fe26.1*1*abc*def*ghi*1*jkl*mno~2"],
    ["a non-numeric expiry", async () => "Fe26.2*1*abc*def*ghi*soon*jkl*mno~2"],
    ["junk characters", async () => "Fe26.2*1*a*!!!*!!!**b*c~2"],
    [
      "a seal under another password",
      async () => sealData({ secret: "A".repeat(43) }, { password: { 1: "x".repeat(32) } }),
    ],
  ];
  for (const [label, make] of garbage) {
    test(`${label}: 401 from the API with the cookie cleared; pages answer normally`, async ({ request, baseURL }) => {
      const value = await make();
      const cookie = `${SESSION_COOKIE}=${value}`;
      const api = await request.get("/api/session/me", { headers: { cookie } });
      expect(api.status()).toBe(401);
      expect(await api.json()).toMatchObject({ reason: "invalid" });
      expect(api.headers()["set-cookie"]).toMatch(new RegExp(`^${SESSION_COOKIE}=;.*Max-Age=0`, "i"));

      const session = await request.get("/session", { headers: { cookie }, maxRedirects: 0 });
      expect(session.status()).toBe(307);
      expect(session.headers()["location"]).toBe("/session/login?next=/session&ended=1");
      for (const path of ["/", "/session/login", "/login"]) {
        const response = await request.get(path, { headers: { cookie } });
        expect(response.status(), path).toBe(200);
      }
      const logout = await request.post("/api/session/logout", {
        data: {},
        headers: { cookie, ...originHeader(baseURL) },
      });
      expect(await logout.json()).toEqual({ scope: "this", ended: 0 });
    });
  }

  test("a tampered seal of a live session is refused, and the real one still works", async ({ request, baseURL }) => {
    const { email } = await signUpViaApi(request, baseURL);
    const { seal } = await signInToSessionViaApi(request, baseURL, email);
    const [body, version] = seal.split("~");
    const flipped = body!.at(-1) === "A" ? "B" : "A";
    const tampered = `${body!.slice(0, -1)}${flipped}~${version}`;
    expect((await me(request, tampered)).status()).toBe(401);
    expect((await me(request, seal)).status()).toBe(200);
  });

  test("a validly sealed secret without a row, and an expired seal, are refused", async ({ request, baseURL }) => {
    const unknown = await sealData({ secret: "B".repeat(43) }, { password: password(), ttl: 600 });
    const response = await me(request, unknown);
    expect(response.status()).toBe(401);
    expect(await response.json()).toMatchObject({ reason: "unknown" });

    const { email } = await signUpViaApi(request, baseURL);
    const { seal } = await signInToSessionViaApi(request, baseURL, email);
    const secret = await openSeal(seal);
    // The same secret, sealed by someone holding SESSION_SECRET, but with the seal's own expiry 2 minutes ago.
    const expiredSeal = await sealData({ secret }, { password: password(), ttl: -120 });
    expect(await (await me(request, expiredSeal)).json()).toMatchObject({ reason: "invalid" });
    expect((await me(request, seal)).status()).toBe(200);
  });

  test("a cookie value that is not even valid percent-encoding is no cookie at all", async ({ request }) => {
    const cookie = `${SESSION_COOKIE}=Fe26.2*1*a*%%%*%E0%A4%A**b*c~2`;
    const api = await request.get("/api/session/me", { headers: { cookie } });
    expect(api.status()).toBe(401);
    expect((await request.get("/session", { headers: { cookie }, maxRedirects: 0 })).status()).toBe(307);
    expect((await request.get("/session/login", { headers: { cookie } })).status()).toBe(200);
  });

  test("in the browser, a garbage cookie just means the sign-in page", async ({ page, context, baseURL }) => {
    await context.addCookies([{ name: SESSION_COOKIE, value: "Fe26.2**", url: baseURL! }]);
    const response = await page.goto("/session");
    expect(response!.status()).toBe(200);
    await expect(page).toHaveURL(/\/session\/login/);
    await expect(page.getByTestId("header-user")).toHaveText("Not signed in");
  });
});

// An expired row can only be set up from outside the app where the test can reach the database: with
// DATABASE_URL (Postgres). On PGlite (one process only) the same property is proven by
// lib/session/sessions.test.ts against a real database, and end to end by e2e/session-timeouts.spec.ts,
// which starts a server with a 3-second lifetime.
if (process.env.DATABASE_URL) {
  test("an expired row is rejected even with a valid seal (row aged in Postgres)", async ({ request, baseURL }) => {
    const { email } = await signUpViaApi(request, baseURL);
    const { seal } = await signInToSessionViaApi(request, baseURL, email);
    const id = sha256(await openSeal(seal));
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      const updated = await client.query(
        `UPDATE sessions SET idle_expires_at = now() - interval '1 second' WHERE id = $1`,
        [id],
      );
      expect(updated.rowCount).toBe(1);
      const response = await me(request, seal);
      expect(response.status()).toBe(401);
      expect(await response.json()).toMatchObject({ reason: "expired" });
      expect((await client.query(`SELECT 1 FROM sessions WHERE id = $1`, [id])).rowCount).toBe(0);
    } finally {
      await client.end();
    }
  });
}
