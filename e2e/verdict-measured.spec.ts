import { expect, test, type Page } from "@playwright/test";
import { COLUMNS, ROWS } from "../lib/verdict/assemble";
import { signInViaSessionForm, signInViaTokenForm, signUpViaApi, uniqueEmail } from "./helpers";

/**
 * The verdict's measured cells come from real lab runs on this deployment: a finished run is recorded on the
 * server (lib/labs/record.ts), and /verdict shows the value with when it was measured. Every cell is labelled
 * measured or from configuration once the labs have run.
 */

const cell = (page: Page, row: string, column: string) =>
  page.locator(`[data-testid="verdict-cell"][data-row="${row}"][data-column="${column}"]`);

/** A measured cell, measured by a run that started after `since`. */
async function expectMeasuredSince(page: Page, row: string, column: string, since: number) {
  const c = cell(page, row, column);
  await expect(c).toHaveAttribute("data-source", "measured");
  await expect(c.getByTestId("cell-source")).toContainText("measured");
  const at = Date.parse((await c.getAttribute("data-measured-at")) ?? "");
  expect(at, `${row}/${column} measured at`).toBeGreaterThanOrEqual(since - 1_000);
  return c;
}

test.describe("the verdict, measured", () => {
  test("revocation mode on, the replay lab run: the stolen-copy cells show the JWT change, measured now", async ({
    page,
    request,
    baseURL,
  }) => {
    const account = await signUpViaApi(request, baseURL, uniqueEmail("verdict-measured"), "Vera");
    await signInViaTokenForm(page, account.email);
    await expect(page).toHaveURL(/\/token$/);
    // The real setting, through the settings page.
    await page.goto("/settings");
    await page.getByRole("button", { name: "Turn revocation mode on" }).click();
    await expect(page.getByTestId("settings-revocation")).toHaveText("on");

    const started = Date.now();
    await page.goto("/compare");
    await page.getByRole("button", { name: "Run the replay" }).click();
    await expect(page.getByTestId("lab-replay-result")).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId("result-replay-jwt-revocation")).toHaveAttribute("data-status", "401");

    await page.goto("/verdict");
    // The account's mode is now the revocation column, and its stolen copy was refused in this run.
    await expect(page.getByTestId("verdict-column").nth(2)).toContainText("your account's mode");
    await expect(page.getByTestId("verdict-column").nth(1)).not.toContainText("your account's mode");
    const revocation = await expectMeasuredSince(page, "stolen-sign-out", "jwt-revocation", started);
    await expect(revocation).toContainText("a copy replayed right after its sign-out was refused (401)");
    await expect(revocation).toHaveAttribute("data-tone", "good");
    // The default mode, measured in the same run: the copy was still accepted.
    const jwt = await expectMeasuredSince(page, "stolen-sign-out", "jwt", started);
    await expect(jwt).toContainText("was accepted (200)");
    await expect(jwt).toHaveAttribute("data-tone", "risk");
    const session = await expectMeasuredSince(page, "stolen-sign-out", "session", started);
    await expect(session).toContainText("was refused (401)");
    await expect(session.getByRole("link", { name: "Replay after sign-out" })).toBeVisible();
  });

  test("“Run all labs” fills every measured cell in one click, with progress; every cell has a source", async ({
    page,
    request,
    baseURL,
  }) => {
    test.setTimeout(180_000);
    const account = await signUpViaApi(request, baseURL, uniqueEmail("verdict-all"), "Rupert");
    await signInViaSessionForm(page, account.email);
    await expect(page).toHaveURL(/\/session$/);
    const started = Date.now();
    await page.goto("/verdict");
    const runAll = page.getByTestId("run-all");
    await runAll.getByRole("button", { name: "Run all labs" }).click();
    await expect(page.getByTestId("run-all-status")).toContainText(/Running lab [1-4] of 4/);
    await expect(page.getByTestId("run-all-status")).toHaveText(
      "Ran 4 of 4 labs. The table below shows what they measured.",
      {
        timeout: 150_000,
      },
    );
    await expect(runAll.getByRole("button", { name: "Run all labs again" })).toBeEnabled();

    // The table reloaded: nothing left "not measured yet", every cell measured (now) or from configuration.
    await expect(page.locator('[data-testid="verdict-cell"][data-source="not-measured"]')).toHaveCount(0);
    for (const row of ROWS) {
      for (const column of COLUMNS) {
        const c = cell(page, row.id, column.id);
        const source = await c.getAttribute("data-source");
        expect(["measured", "configuration"], `${row.id}/${column.id}`).toContain(source);
        if (source === "measured") await expectMeasuredSince(page, row.id, column.id, started);
        else await expect(c.getByTestId("cell-source")).toContainText("from configuration");
      }
    }
    // Only the password change has no lab yet: every other stolen-copy, cost and CSRF cell is measured (the hybrid's
    // CSRF cell follows from its design: no lab of this app sends its refresh cookie).
    for (const row of ["stolen-sign-out", "stolen-everywhere", "queries", "time", "bytes", "csrf"]) {
      for (const column of COLUMNS) {
        if (row === "csrf" && column.id === "hybrid") continue;
        await expectMeasuredSince(page, row, column.id, started);
      }
    }
    // Nothing a lab could measure is left saying so.
    await expect(page.getByTestId("verdict-table")).not.toContainText("Not measured yet — run the labs");
    await expect(cell(page, "time", "session")).toContainText(/µs p50 · [\d.]+ µs p99/);
    await expect(cell(page, "bytes", "bearer")).toContainText(/\d+ bytes/);
    await expect(cell(page, "csrf", "session")).toContainText("a cross-site request was refused (403)");
    await expect(page.getByTestId("verdict-summary")).toContainText(/(\d+) of \1 measurable cells are measured/);
  });

  test("signed out, “Run all labs” is off and says how to turn it on", async ({ page }) => {
    await page.goto("/verdict");
    await expect(page.getByRole("button", { name: "Run all labs" })).toBeDisabled();
    await expect(page.getByTestId("run-all")).toContainText("Sign in to either area to run the labs");
  });
});
