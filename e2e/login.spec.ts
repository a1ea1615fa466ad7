import { expect, test } from "@playwright/test";
import { PASSWORD, signInViaTokenForm, signUpViaApi, signUpViaForm, uniqueEmail } from "./helpers";

/** The one sign-in page: it follows this browser's last strategy (default Session); sign-up follows it too. */

test.describe("one sign-in page", () => {
  test("a new browser signs in with a session; both area logins are one click away", async ({
    page,
    request,
    baseURL,
  }) => {
    const account = await signUpViaApi(request, baseURL, uniqueEmail("login"), "Lou Gin");
    await page.goto("/login");
    await expect(page.getByRole("main").getByRole("link", { name: "Session area" })).toHaveAttribute(
      "href",
      "/session/login",
    );
    await expect(page.getByRole("main").getByRole("link", { name: "Token area" })).toHaveAttribute(
      "href",
      "/token/login",
    );
    await expect(page.getByTestId("login-strategy")).toContainText("Session unless you picked Token");
    await page.getByLabel("Email").fill(account.email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page).toHaveURL(/\/session$/);
    await expect(page.getByTestId("header-strategy")).toHaveText("Session");
    await expect(page.getByTestId("header-user")).toHaveText("Lou Gin");
  });

  test("after a token sign-in on this browser, /login signs in with a token", async ({ page, request, baseURL }) => {
    const account = await signUpViaApi(request, baseURL, uniqueEmail("lastused"));
    await signInViaTokenForm(page, account.email);
    await expect(page).toHaveURL(/\/token$/);
    // The header remembered the strategy on this browser, whichever form signed in.
    await expect
      .poll(async () => (await page.context().cookies()).find((c) => c.name === "svt_last_strategy")?.value)
      .toBe("token");
    await page.getByRole("main").getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/token\/login/);
    await page.goto("/login");
    await expect(page.getByTestId("login-strategy")).toHaveAttribute("data-strategy", "token");
    await page.getByLabel("Email").fill(account.email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page).toHaveURL(/\/token$/);
    await expect(page.getByTestId("header-strategy")).toHaveText("Token");
  });

  test("a wrong password gets the one generic answer, announced, email kept; `next` only on this site", async ({
    page,
    request,
    baseURL,
  }) => {
    const account = await signUpViaApi(request, baseURL);
    await page.goto("/login?next=/compare");
    await page.getByLabel("Email").fill(account.email);
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByRole("alert").filter({ hasText: "Email or password is incorrect." })).toBeVisible();
    await expect(page.getByLabel("Email")).toHaveValue(account.email);
    await expect(page.getByLabel("Password")).toHaveValue("");
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page).toHaveURL(/\/compare$/);

    await page.context().clearCookies();
    await page.goto("/login?next=https://evil.example/");
    await page.getByLabel("Email").fill(account.email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page).toHaveURL(/localhost:\d+\/session$/);
  });

  test("sign-up on a browser whose last strategy was Token signs in with a token", async ({ page, baseURL }) => {
    await page.context().addCookies([{ name: "svt_last_strategy", value: "token", url: baseURL! }]);
    const { name } = await signUpViaForm(page, uniqueEmail("signuptoken"), "Toby Ken");
    await expect(page).toHaveURL(/\/token\?signed-up=1$/);
    await expect(page.getByTestId("header-strategy")).toHaveText("Token");
    await expect(page.getByTestId("header-user")).toHaveText(name);
    await page.goto("/settings");
    await expect(page.getByTestId("prefer-token")).toBeChecked();
  });
});
