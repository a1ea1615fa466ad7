import { expect, test } from "@playwright/test";
import { signInViaSessionForm, signInViaTokenForm, signUpViaApi, uniqueEmail } from "./helpers";

/** The home page: the comparison in brief and the live status of this browser in each area. */
test.describe("home", () => {
  test("shows signed out, then each area's live status with since and expiry", async ({
    browser,
    request,
    baseURL,
  }) => {
    const account = await signUpViaApi(request, baseURL, uniqueEmail("home"), "Homer");
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto("/");
    await expect(page.getByRole("heading", { name: "Sessions vs Tokens", level: 1 })).toBeVisible();
    await expect(page.getByTestId("status-session")).toHaveAttribute("data-signed-in", "false");
    await expect(page.getByTestId("status-token")).toHaveAttribute("data-signed-in", "false");
    await expect(page.getByTestId("status-bearer")).toHaveText("No tokens in this browser's storage.");

    await signInViaSessionForm(page, account.email);
    await expect(page).toHaveURL(/\/session$/);
    await page.goto("/");
    const session = page.getByTestId("status-session");
    await expect(session).toHaveAttribute("data-signed-in", "true");
    await expect(session).toContainText("yes, as Homer");
    await expect(session).toContainText(/Since\s*\d{4}-\d\d-\d\d \d\d:\d\d UTC/);
    await expect(session).toContainText(/Expires\s*\d{4}-\d\d-\d\d \d\d:\d\d UTC/);

    await signInViaTokenForm(page, account.email);
    await expect(page).toHaveURL(/\/token$/);
    await page.goto("/");
    await expect(page.getByTestId("status-token")).toHaveAttribute("data-signed-in", "true");
    await expect(page.getByTestId("status-session")).toHaveAttribute("data-signed-in", "true");
    await context.close();
  });
});
