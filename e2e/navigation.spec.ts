import { expect, test, type Page } from "@playwright/test";
import {
  originHeader,
  PASSWORD,
  SESSION_COOKIE,
  signInViaSessionForm,
  signInViaTokenForm,
  signUpViaApi,
  TOKEN_COOKIE,
  uniqueEmail,
} from "./helpers";

/** The header: every area this browser is signed in to, each with a working sign-out; names kept current; 404. */

const REFRESH_KEY = "svt.bearer.refreshToken";

const header = (page: Page) => page.getByRole("banner");
const chip = (page: Page, area: "session" | "token" | "bearer") =>
  header(page).locator(`[data-testid="header-area"][data-area="${area}"]`);

async function bearerSignIn(page: Page, email: string) {
  await page.goto("/token/bearer");
  await page.getByRole("main").getByLabel("Email").fill(email);
  await page.getByRole("main").getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Get tokens" }).click();
  await expect(page.getByTestId("bearer-user")).toBeVisible();
}

test.describe("the header", () => {
  test("lists every signed-in area — session, JWT, bearer — and each sign-out ends that one only", async ({
    page,
    context,
    request,
    baseURL,
  }) => {
    const account = await signUpViaApi(request, baseURL, uniqueEmail("header"), "Hedda Header");
    await page.goto("/");
    await expect(header(page).getByTestId("header-user")).toHaveText("Not signed in");
    await expect(header(page).getByTestId("header-area")).toHaveCount(0);

    await signInViaSessionForm(page, account.email);
    await expect(page).toHaveURL(/\/session$/);
    await signInViaTokenForm(page, account.email);
    await expect(page).toHaveURL(/\/token$/);
    await bearerSignIn(page, account.email);

    await page.goto("/verdict");
    for (const area of ["session", "token", "bearer"] as const) {
      await expect(chip(page, area)).toContainText("Hedda Header");
    }
    // The bearer chip asked the API: the name is the server's answer, and nothing else is in the header.
    await expect(header(page).getByTestId("header-area")).toHaveCount(3);
    await expect(header(page).getByTestId("header-strategy")).toHaveText("Session");

    // Bearer: the refresh family is revoked on the server, the tokens leave localStorage, the others stay.
    const refreshToken = await page.evaluate((key) => localStorage.getItem(key), REFRESH_KEY);
    expect(refreshToken).toBeTruthy();
    await chip(page, "bearer").getByRole("button", { name: "Sign out of Bearer" }).click();
    await expect(chip(page, "bearer")).toHaveCount(0);
    expect(await page.evaluate((key) => localStorage.getItem(key), REFRESH_KEY)).toBeNull();
    const replayed = await request.post("/api/bearer/refresh", {
      data: { refreshToken },
      headers: { ...originHeader(baseURL), cookie: "" },
    });
    expect(replayed.status()).toBe(401);
    await expect(chip(page, "session")).toBeVisible();
    await expect(chip(page, "token")).toBeVisible();

    // Token: the JWT cookie is gone; the session stays.
    await chip(page, "token").getByRole("button", { name: "Sign out of Token" }).click();
    await expect(page).toHaveURL(/\/token\/login\?signed-out=1$/);
    await expect(chip(page, "token")).toHaveCount(0);
    expect((await context.cookies()).map((c) => c.name)).not.toContain(TOKEN_COOKIE);
    await expect(chip(page, "session")).toBeVisible();

    // Session: the row is deleted, so the old cookie is worthless.
    const seal = (await context.cookies()).find((c) => c.name === SESSION_COOKIE)!.value;
    await chip(page, "session").getByRole("button", { name: "Sign out of Session" }).click();
    await expect(page).toHaveURL(/\/session\/login\?signed-out=1$/);
    await expect(header(page).getByTestId("header-user")).toHaveText("Not signed in");
    await expect(header(page).getByTestId("header-area")).toHaveCount(0);
    const stale = await request.get("/api/session/me", { headers: { cookie: `${SESSION_COOKIE}=${seal}` } });
    expect(stale.status()).toBe(401);
  });

  test("a bearer sign-in alone shows in the header, not as “Not signed in”", async ({ page, request, baseURL }) => {
    const account = await signUpViaApi(request, baseURL, uniqueEmail("header-bearer"), "Bea Only");
    await bearerSignIn(page, account.email);
    await page.goto("/");
    await expect(chip(page, "bearer")).toContainText("Bea Only");
    await expect(header(page).getByText("Not signed in")).toHaveCount(0);
    await expect(header(page).getByRole("link", { name: "Sign in" })).toBeVisible();
  });

  for (const area of ["session", "token"] as const) {
    test(`shows a new name right after a rename (${area})`, async ({ page, request, baseURL }) => {
      const account = await signUpViaApi(request, baseURL, uniqueEmail(`rename-${area}`), "Old Name");
      if (area === "session") await signInViaSessionForm(page, account.email);
      else await signInViaTokenForm(page, account.email);
      await expect(page).toHaveURL(area === "session" ? /\/session$/ : /\/token$/);
      await page.goto("/settings");
      await expect(header(page).getByTestId("header-user")).toHaveText("Old Name");
      await page.getByRole("textbox", { name: "Display name" }).fill("Brand New Name");
      await page.getByRole("button", { name: "Save name" }).click();
      await expect(page.getByRole("status").filter({ hasText: "Your name is now" })).toBeVisible();
      // No reload: the same document.
      await expect(header(page).getByTestId("header-user")).toHaveText("Brand New Name");
      await expect(chip(page, area)).toContainText("Brand New Name");
    });
  }
});

test.describe("unknown URLs", () => {
  test("answer 404 with a branded page and the navigation", async ({ page }) => {
    const response = await page.goto("/no/such/page");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("There is no page at this address");
    await expect(page).toHaveTitle(/Page not found · Sessions vs Tokens/);
    const nav = page.getByRole("navigation", { name: "Main" });
    for (const name of ["Home", "Session area", "Token area", "Compare", "Verdict", "Settings"]) {
      await expect(nav.getByRole("link", { name })).toBeVisible();
    }
    await page
      .getByTestId("not-found")
      .getByRole("link", { name: /Verdict/ })
      .click();
    await expect(page).toHaveURL(/\/verdict$/);
  });
});

test.describe("settings counts", () => {
  test("count only the other sessions and the live bearer sign-ins", async ({ browser, page, request, baseURL }) => {
    const account = await signUpViaApi(request, baseURL, uniqueEmail("counts"), "Count Me");
    await signInViaSessionForm(page, account.email);
    await expect(page).toHaveURL(/\/session$/);
    await page.goto("/settings");
    await expect(page.getByTestId("settings-sessions")).toHaveText("none is live now");
    await expect(page.getByTestId("settings-refresh")).toHaveText("none is live");

    const other = await browser.newContext();
    const otherPage = await other.newPage();
    await signInViaSessionForm(otherPage, account.email);
    await expect(otherPage).toHaveURL(/\/session$/);
    await request.post("/api/bearer/login", {
      data: { email: account.email, password: PASSWORD },
      headers: { ...originHeader(baseURL), cookie: "" },
    });
    await page.reload();
    await expect(page.getByTestId("settings-sessions")).toHaveText("1 other session live now");
    await expect(page.getByTestId("settings-refresh")).toHaveText("1 live sign-in");
    await other.close();
  });
});
