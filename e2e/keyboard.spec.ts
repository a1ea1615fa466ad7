import { expect, test, type Locator, type Page } from "@playwright/test";
import { PASSWORD, uniqueEmail } from "./helpers";

/**
 * Keyboard only: no click, no fill — Tab to each control (proving it is reachable in order), type, Enter or Space.
 * Signs up, signs out and in again, uses settings (name, revocation mode, preferred strategy), runs a lab on
 * /compare and opens its replay commands, and runs all labs from /verdict.
 */

/** Presses Tab until `target` has the focus; fails when it is not reachable within `max` presses. */
async function tabTo(page: Page, target: Locator, max = 60, key: "Tab" | "Shift+Tab" = "Tab") {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(key);
    if (await target.evaluate((element) => element === document.activeElement)) return;
  }
  throw new Error(`Not reachable by Tab: ${target}`);
}

async function typeInto(page: Page, field: Locator, text: string) {
  await tabTo(page, field);
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.type(text);
}

test("keyboard only: sign up, sign out, sign in, use settings, run a lab and all labs", async ({ page }) => {
  test.setTimeout(150_000);
  const email = uniqueEmail("keys");
  await page.goto("/");
  // The first Tab offers the skip link.
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();

  await tabTo(page, page.getByRole("banner").getByRole("link", { name: "Sign up" }));
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/signup$/);
  await typeInto(page, page.getByLabel("Email"), email);
  await typeInto(page, page.getByLabel("Display name"), "Kay Board");
  await typeInto(page, page.getByLabel("Password"), PASSWORD);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/session\?signed-up=1$/);
  await expect(page.getByTestId("header-user")).toHaveText("Kay Board");

  await tabTo(page, page.getByRole("button", { name: "Sign out of Session" }));
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/session\/login\?signed-out=1$/);
  await typeInto(page, page.getByRole("main").getByLabel("Email"), email);
  await typeInto(page, page.getByRole("main").getByLabel("Password"), PASSWORD);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/session$/);

  await tabTo(page, page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }));
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/settings$/);

  await typeInto(page, page.getByRole("textbox", { name: "Display name" }), "Kay Renamed");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("status").filter({ hasText: "Your name is now “Kay Renamed”" })).toBeVisible();
  await expect(page.getByTestId("header-user")).toHaveText("Kay Renamed");

  await tabTo(page, page.getByRole("button", { name: "Turn revocation mode on" }));
  await page.keyboard.press("Space");
  await expect(page.getByTestId("settings-revocation")).toHaveText("on");

  // A radio group: Tab reaches the checked radio, the arrow keys choose.
  await tabTo(page, page.getByTestId("prefer-session"));
  await page.keyboard.press("ArrowRight");
  await expect(page.getByTestId("prefer-token")).toBeChecked();
  await tabTo(page, page.getByRole("button", { name: "Save preference" }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("status").filter({ hasText: "Token is your preferred strategy" })).toBeVisible();

  // A lab, by keyboard: the nav, the lab's button, then its replay commands (a <details> opens with Enter).
  await tabTo(page, page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Compare" }));
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/compare$/);
  await tabTo(page, page.getByRole("button", { name: "Run the replay" }));
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("lab-replay-result")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("result-replay-session")).toHaveAttribute("data-risk", "safe");
  const replay = page.getByTestId("replay-replay");
  await tabTo(page, replay.getByText("Replay it yourself (curl)"));
  await page.keyboard.press("Enter");
  await expect(replay).toHaveAttribute("open", "");
  await expect(page.getByTestId("replay-replay-api")).toBeVisible();

  // Every lab the verdict needs, from /verdict, in one keypress.
  await tabTo(
    page,
    page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Verdict" }),
    60,
    "Shift+Tab",
  );
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/verdict$/);
  await tabTo(page, page.getByRole("button", { name: "Run all labs" }));
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("run-all-status")).toContainText("Ran 4 of 4 labs", { timeout: 120_000 });
  await expect(page.locator('[data-testid="verdict-cell"][data-source="not-measured"]')).toHaveCount(0);
});
