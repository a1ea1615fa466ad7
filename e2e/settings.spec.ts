import { expect, test, type Page } from "@playwright/test";
import {
  PASSWORD,
  SESSION_COOKIE,
  signedInContext,
  signInViaSessionForm,
  signInViaTokenForm,
  signUpViaApi,
  TOKEN_COOKIE,
  uniqueEmail,
} from "./helpers";

/** /settings end to end: the strategy toggle and "switch now", revocation mode, name, password, deletion. */

async function cookieValue(page: Page, name: string) {
  return (await page.context().cookies()).find((c) => c.name === name && c.value)?.value;
}

test.describe("strategy toggle", () => {
  test("Session → Token → Session without a password; header, landing page and /login follow", async ({
    page,
    request,
    baseURL,
  }) => {
    const account = await signUpViaApi(request, baseURL, uniqueEmail("toggle"), "Tog Gle");
    await signInViaSessionForm(page, account.email);
    await expect(page).toHaveURL(/\/session$/);
    await expect(page.getByTestId("header-strategy")).toHaveText("Session");

    await page.goto("/settings");
    await expect(page.getByTestId("settings-strategy")).toHaveText("Session");
    await expect(page.getByTestId("prefer-session")).toBeChecked();
    const sessionSeal = await cookieValue(page, SESSION_COOKIE);
    expect(sessionSeal).toBeTruthy();

    await page.getByRole("button", { name: "Switch now to Token" }).click();
    await expect(page).toHaveURL(/\/token\?switched=1$/);
    await expect(page.getByRole("heading", { name: "Your token session" })).toBeVisible();
    await expect(page.getByTestId("header-strategy")).toHaveText("Token");
    expect(await cookieValue(page, SESSION_COOKIE)).toBeUndefined();
    expect(await cookieValue(page, TOKEN_COOKIE)).toBeTruthy();
    expect(await cookieValue(page, "svt_last_strategy")).toBe("token");
    // The old session was ended on the server, not just forgotten by the browser.
    expect(
      (await request.get("/api/session/me", { headers: { cookie: `${SESSION_COOKIE}=${sessionSeal}` } })).status(),
    ).toBe(401);

    await page.goto("/settings");
    await expect(page.getByTestId("settings-strategy")).toHaveText("Token");
    await expect(page.getByTestId("prefer-token")).toBeChecked();
    await page.getByRole("button", { name: "Switch now to Session" }).click();
    await expect(page).toHaveURL(/\/session\?switched=1$/);
    await expect(page.getByTestId("header-strategy")).toHaveText("Session");
    expect(await cookieValue(page, TOKEN_COOKIE)).toBeUndefined();
    expect(await cookieValue(page, "svt_last_strategy")).toBe("session");

    // Prefer Token again, switch, sign out: /login on this browser now signs in with a token.
    await page.goto("/settings");
    await page.getByRole("button", { name: "Switch now to Token" }).click();
    await expect(page).toHaveURL(/\/token\?switched=1$/);
    await page.getByRole("main").getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/token\/login/);
    await expect(page.getByTestId("header-user")).toHaveText("Not signed in");
    await page.goto("/login");
    await expect(page.getByTestId("login-strategy")).toContainText("Token");
    await page.getByLabel("Email").fill(account.email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page).toHaveURL(/\/token$/);
    await expect(page.getByTestId("header-strategy")).toHaveText("Token");
  });

  test("a browser with no history follows the account's saved preference", async ({ browser, request, baseURL }) => {
    const account = await signUpViaApi(request, baseURL, uniqueEmail("prefer"));
    const first = await signedInContext(browser, account.email, "session");
    await first.page.goto("/settings");
    await first.page.getByTestId("prefer-token").check();
    await first.page.getByRole("button", { name: "Save preference" }).click();
    await expect(first.page.getByRole("status").filter({ hasText: "Token is your preferred strategy" })).toBeVisible();
    // Saving does not move this browser: it is still signed in with a session.
    await expect(first.page.getByTestId("header-strategy")).toHaveText("Session");

    const fresh = await browser.newContext();
    const page = await fresh.newPage();
    await page.goto("/login");
    await expect(page.getByTestId("login-strategy")).toHaveAttribute("data-strategy", "");
    await page.getByLabel("Email").fill(account.email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page).toHaveURL(/\/token$/);
    await expect(page.getByTestId("header-strategy")).toHaveText("Token");
    await fresh.close();
    await first.context.close();
  });

  test("/settings needs a sign-in and comes back after it", async ({ page, request, baseURL }) => {
    const account = await signUpViaApi(request, baseURL);
    const response = await page.goto("/settings");
    await expect(page).toHaveURL(/\/login\?next=%2Fsettings$|\/login\?next=\/settings$/);
    expect(response?.headers()["cache-control"] ?? "").not.toContain("public");
    await page.getByLabel("Email").fill(account.email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page).toHaveURL(/\/settings$/);
    await expect(page.getByRole("heading", { name: "Settings", exact: true })).toBeVisible();
  });
});

test.describe("account changes", () => {
  test("revocation mode and a new name, from the token area: the JWT is re-issued with both", async ({
    page,
    request,
    baseURL,
  }) => {
    const account = await signUpViaApi(request, baseURL, uniqueEmail("rename"), "Old Name");
    await signInViaTokenForm(page, account.email);
    await expect(page).toHaveURL(/\/token$/);
    await page.goto("/settings");
    await expect(page.getByTestId("settings-revocation")).toHaveText("off");
    await page.getByRole("button", { name: "Turn revocation mode on" }).click();
    await expect(page.getByTestId("settings-revocation")).toHaveText("on");
    await expect(page.getByRole("status").filter({ hasText: "Revocation mode is on" })).toBeVisible();

    await page.getByRole("textbox", { name: "Display name" }).fill("New Name");
    await page.getByRole("button", { name: "Save name" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Your name is now “New Name”" })).toBeVisible();
    await expect(page.getByTestId("header-user")).toHaveText("New Name");
    await page.goto("/token");
    await expect(page.getByTestId("claim-name")).toHaveText("New Name");
    await expect(page.getByTestId("claim-revocation")).toHaveText("true");

    await page.goto("/settings");
    await page.getByRole("textbox", { name: "Display name" }).fill("   ");
    await page.getByRole("button", { name: "Save name" }).click();
    await expect(page.getByRole("textbox", { name: "Display name" })).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByRole("alert").filter({ hasText: "Name is required." })).toBeVisible();
  });

  test("a password change ends other sessions and revocation-mode JWTs, keeps this browser, and needs the old password", async ({
    browser,
    request,
    baseURL,
  }) => {
    const account = await signUpViaApi(request, baseURL, uniqueEmail("pw"));
    const a = await signedInContext(browser, account.email, "session");
    const b = await signedInContext(browser, account.email, "session");
    const c = await signedInContext(browser, account.email, "token");
    await c.page.goto("/settings");
    await c.page.getByRole("button", { name: "Turn revocation mode on" }).click();
    await expect(c.page.getByTestId("settings-revocation")).toHaveText("on");

    await a.page.goto("/settings");
    await a.page.getByLabel("Current password").fill("not my password at all");
    await a.page.getByLabel("New password").fill("a brand new passphrase");
    await a.page.getByRole("button", { name: "Change password" }).click();
    await expect(a.page.getByRole("alert").filter({ hasText: "That is not your current password." })).toBeVisible();

    await a.page.getByLabel("Current password").fill(PASSWORD);
    await a.page.getByLabel("New password").fill("password");
    await a.page.getByRole("button", { name: "Change password" }).click();
    await expect(a.page.getByLabel("New password")).toHaveAttribute("aria-invalid", "true");

    await a.page.getByLabel("Current password").fill(PASSWORD);
    await a.page.getByLabel("New password").fill("a brand new passphrase");
    await a.page.getByRole("button", { name: "Change password" }).click();
    await expect(
      a.page.getByRole("status").filter({ hasText: "Password changed. 1 other session ended" }),
    ).toBeVisible();

    await a.page.goto("/session");
    await expect(a.page).toHaveURL(/\/session$/);
    await b.page.goto("/session");
    await expect(b.page).toHaveURL(/\/session\/login/);
    await c.page.goto("/token");
    await expect(c.page).toHaveURL(/\/token\/login/);

    expect(
      (
        await request.post("/api/session/login", {
          data: { email: account.email, password: PASSWORD },
          headers: { origin: new URL(baseURL!).origin, cookie: "" },
        })
      ).status(),
    ).toBe(401);
    expect(
      (
        await request.post("/api/session/login", {
          data: { email: account.email, password: "a brand new passphrase" },
          headers: { origin: new URL(baseURL!).origin, cookie: "" },
        })
      ).status(),
    ).toBe(200);
    for (const x of [a, b, c]) await x.context.close();
  });

  test("a password change from a token sign-in keeps that browser signed in (its JWT is re-issued)", async ({
    page,
    request,
    baseURL,
  }) => {
    const account = await signUpViaApi(request, baseURL, uniqueEmail("pwtoken"));
    await signInViaTokenForm(page, account.email);
    await expect(page).toHaveURL(/\/token$/);
    await page.goto("/settings");
    await page.getByRole("button", { name: "Turn revocation mode on" }).click();
    await expect(page.getByTestId("settings-revocation")).toHaveText("on");
    await page.getByLabel("Current password").fill(PASSWORD);
    await page.getByLabel("New password").fill("another long passphrase");
    await page.getByRole("button", { name: "Change password" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Password changed." })).toBeVisible();
    await page.goto("/token");
    await expect(page).toHaveURL(/\/token$/);
    await expect(page.getByTestId("claim-token_version")).toHaveText(/^[1-9]/);
  });

  test("deleting the account needs the password, removes everything and signs out everywhere", async ({
    browser,
    request,
    baseURL,
  }) => {
    const account = await signUpViaApi(request, baseURL, uniqueEmail("delete"));
    const a = await signedInContext(browser, account.email, "session");
    const b = await signedInContext(browser, account.email, "session");
    await a.page.goto("/settings");
    await a.page.getByLabel("Your password").fill("wrong password here");
    await a.page.getByLabel("Type “delete” to confirm").fill("delete");
    await a.page.getByRole("button", { name: "Delete my account" }).click();
    await expect(a.page.getByRole("alert").filter({ hasText: "That is not your current password." })).toBeVisible();

    await a.page.getByLabel("Your password").fill(PASSWORD);
    await a.page.getByLabel("Type “delete” to confirm").fill("delete");
    await a.page.getByRole("button", { name: "Delete my account" }).click();
    await expect(a.page).toHaveURL(/\/\?account-deleted=1$/);
    await expect(a.page.getByTestId("header-user")).toHaveText("Not signed in");
    expect(await cookieValue(a.page, SESSION_COOKIE)).toBeUndefined();

    await b.page.goto("/session");
    await expect(b.page).toHaveURL(/\/session\/login/);
    expect(
      (
        await request.post("/api/session/login", {
          data: { email: account.email, password: PASSWORD },
          headers: { origin: new URL(baseURL!).origin, cookie: "" },
        })
      ).status(),
    ).toBe(401);
    await a.context.close();
    await b.context.close();
  });
});
