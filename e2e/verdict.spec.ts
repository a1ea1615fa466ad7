import { expect, test } from "@playwright/test";
import { COLUMNS as VERDICT_COLUMNS, ROWS as VERDICT_ROWS } from "../lib/verdict/assemble";
import {
  SESSION_COOKIE,
  signInViaSessionForm,
  signInViaTokenForm,
  signUpViaApi,
  TOKEN_COOKIE,
  uniqueEmail,
} from "./helpers";

/**
 * The verdict page: every row and column, every cell labelled measured or from configuration; before any lab has
 * fed it, the measured-only cells say so; the XSS row agrees with the cookies the browser really got.
 */

// The table's own list of rows and columns (plain data): the page must render each.
const ROWS = VERDICT_ROWS.map((row) => row.id);
const COLUMNS = VERDICT_COLUMNS.map((column) => column.id);

test.describe("the verdict", () => {
  test("renders every row and column, each cell labelled with its source", async ({ page }) => {
    await page.goto("/");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Verdict" }).click();
    await expect(page).toHaveURL(/\/verdict$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Verdict: which one, when");
    await expect(page.getByTestId("verdict-column")).toHaveCount(COLUMNS.length);
    await expect(page.getByTestId("verdict-row")).toHaveCount(ROWS.length);
    const cells = page.getByTestId("verdict-cell");
    await expect(cells).toHaveCount(ROWS.length * COLUMNS.length);
    for (const row of ROWS) {
      for (const column of COLUMNS) {
        const cell = page.locator(`[data-testid="verdict-cell"][data-row="${row}"][data-column="${column}"]`);
        const source = await cell.getAttribute("data-source");
        expect(["measured", "configuration", "not-measured"], `${row}/${column}`).toContain(source);
        const label = cell.getByTestId("cell-source");
        if (source === "configuration") await expect(label).toContainText("from configuration");
        if (source === "not-measured") await expect(label).toContainText("not measured yet");
        if (source === "measured") await expect(label).toContainText("measured");
      }
    }
    // Time per check only a lab can say: until one has, the cells say so. (Other specs run the labs on the same
    // server, and every finished run is recorded: a cell may already be measured, and then shows the figure.)
    for (const column of COLUMNS) {
      const time = page.locator(`[data-testid="verdict-cell"][data-row="time"][data-column="${column}"]`);
      if ((await time.getAttribute("data-source")) === "measured") await expect(time).toContainText("µs p50");
      else await expect(time).toContainText("not measured yet — run the labs");
    }
    // A stolen-copy cell: measured (what the replay said) or from configuration (its setting and the proving test).
    const jwt = page.locator(`[data-testid="verdict-cell"][data-row="stolen-sign-out"][data-column="jwt"]`);
    await expect(jwt).toHaveAttribute("data-tone", "risk");
    if ((await jwt.getAttribute("data-source")) === "measured") {
      await expect(jwt).toContainText("a copy replayed right after its sign-out was accepted (200)");
    } else {
      await expect(jwt).toContainText("TOKEN_MAX_AGE = 1 d");
      await expect(jwt).toContainText("proven by stolen jwt after sign-out");
    }
    await expect(page.getByTestId("guidance")).toHaveCount(COLUMNS.length);
    // The guidance quotes the table: the configured answer, or what a lab measured.
    await expect(page.getByTestId("guidance").first()).toContainText(
      /ends at once|a copy replayed right after its sign-out was refused \(401\)/,
    );
  });

  test("the XSS row says what the browser's cookies really allow", async ({ page, context, request, baseURL }) => {
    const account = await signUpViaApi(request, baseURL, uniqueEmail("verdict-xss"), "Xena");
    await signInViaSessionForm(page, account.email);
    await expect(page).toHaveURL(/\/session$/);
    await signInViaTokenForm(page, account.email);
    await expect(page).toHaveURL(/\/token$/);
    const cookies = await context.cookies();
    for (const name of [SESSION_COOKIE, TOKEN_COOKIE]) {
      expect(cookies.find((c) => c.name === name)).toMatchObject({ httpOnly: true, sameSite: "Lax" });
    }
    // What a page script sees: neither cookie.
    await page.goto("/verdict");
    const visible = await page.evaluate(() => document.cookie);
    expect(visible).not.toContain(SESSION_COOKIE);
    expect(visible).not.toContain(TOKEN_COOKIE);
    for (const column of ["session", "jwt"]) {
      const xss = page.locator(`[data-testid="verdict-cell"][data-row="xss"][data-column="${column}"]`);
      await expect(xss).toContainText("not the cookie: it is HttpOnly");
      await expect(xss).toContainText("HttpOnly; SameSite=Lax");
    }
    // Signed in with a JWT in the default mode: the page marks that column as the account's.
    await expect(page.getByTestId("verdict-column").nth(1)).toContainText("your account's mode");
  });

  test("is linked from the end of /compare", async ({ page }) => {
    await page.goto("/compare");
    await page.getByRole("link", { name: "From these labs to a decision: the verdict →" }).click();
    await expect(page).toHaveURL(/\/verdict$/);
  });
});
