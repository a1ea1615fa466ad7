import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { PASSWORD, signInViaSessionForm, signInViaTokenForm, signUpViaApi, uniqueEmail } from "./helpers";

/**
 * axe-core over every page, signed out and signed in to each area, with the WCAG 2.x A and AA rules: no serious
 * or critical violation — /compare and /verdict included, with every lab's result shown and the replay commands
 * open, and the verdict filled by a real run.
 */

type Violation = { id: string; impact: string; help: string; nodes: string[] };

async function seriousViolations(page: Page): Promise<Violation[]> {
  const builder = new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]);
  const results = await builder.analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({
      id: v.id,
      impact: v.impact!,
      help: v.help,
      nodes: v.nodes.map((n) => `${n.target.join(" ")} — ${n.failureSummary?.split("\n").slice(1).join(" ")}`),
    }));
}

/** Loads a page, waits until it has settled (client components hydrated, the bearer status answered), runs axe. */
async function check(page: Page, path: string, ready?: (page: Page) => Promise<void>, navigate = true) {
  if (navigate) await page.goto(path);
  await page.waitForLoadState("networkidle");
  if (ready) await ready(page);
  const violations = await seriousViolations(page);
  // Soft: every page of a state is checked and reported, not only the first that fails.
  expect.soft(violations, `${path}: ${JSON.stringify(violations, null, 2)}`).toEqual([]);
}

const SIGNED_OUT_PAGES = [
  "/",
  "/login",
  "/signup",
  "/session/login",
  "/token/login",
  "/token/bearer",
  "/compare",
  "/verdict",
  "/no-such-page",
];

test.describe("accessibility (axe: no serious or critical violation)", () => {
  for (const path of SIGNED_OUT_PAGES) {
    test(`signed out: ${path}`, async ({ page }) => {
      await check(page, path);
    });
  }

  test("signed in with a session: every page", async ({ page, request, baseURL }) => {
    const account = await signUpViaApi(request, baseURL, uniqueEmail("axe-session"), "Ada Session");
    await signInViaSessionForm(page, account.email);
    await expect(page).toHaveURL(/\/session$/);
    for (const path of ["/", "/session", "/settings", "/compare", "/verdict", "/session/login", "/no-such-page"]) {
      await check(page, path);
    }
  });

  test("signed in with a next-auth JWT: every page", async ({ page, request, baseURL }) => {
    const account = await signUpViaApi(request, baseURL, uniqueEmail("axe-token"), "Ada Token");
    await signInViaTokenForm(page, account.email);
    await expect(page).toHaveURL(/\/token$/);
    for (const path of ["/", "/token", "/settings", "/compare", "/verdict", "/token/login"]) await check(page, path);
  });

  test("signed in to the bearer flow: the bearer page and the header", async ({ page, request, baseURL }) => {
    const account = await signUpViaApi(request, baseURL, uniqueEmail("axe-bearer"), "Ada Bearer");
    await page.goto("/token/bearer");
    await page.getByLabel("Email").fill(account.email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Get tokens" }).click();
    await expect(page.getByTestId("bearer-user")).toHaveText("Ada Bearer");
    await check(page, "/token/bearer", (p) => expect(p.getByTestId("bearer-user")).toBeVisible());
    await check(page, "/");
  });

  test("signed in: /compare with every lab's result and replay shown, then /verdict measured", async ({
    page,
    request,
    baseURL,
  }) => {
    test.setTimeout(240_000);
    const account = await signUpViaApi(request, baseURL, uniqueEmail("axe-labs"), "Ada Labs");
    await signInViaSessionForm(page, account.email);
    await expect(page).toHaveURL(/\/session$/);
    await page.goto("/compare");
    // One after the other: a lab identity per run, at most five per account at once.
    const labs: [string, string][] = [
      ["replay", "Run the replay"],
      ["everywhere", "Sign the lab identity out everywhere else"],
      ["stale-claims", "Rename the lab identity and ask"],
      ["cross-site", "Attack from evil.example"],
      ["verifier", "Ask another service to verify a token"],
    ];
    for (const [lab, button] of labs) {
      await page.getByRole("button", { name: button }).click();
      await expect(page.getByTestId(`lab-${lab}-result`)).toBeVisible({ timeout: 60_000 });
    }
    await page.getByTestId("lab-cost").getByRole("button", { name: "Measure 2,000 checks each" }).click();
    await expect(page.getByTestId("lab-cost-result")).toBeVisible({ timeout: 60_000 });
    await page.getByTestId("lab-expiry").getByRole("button", { name: "Start the clocks" }).click();
    await expect(page.getByTestId("lab-expiry-result")).toBeVisible({ timeout: 120_000 });
    for (const details of await page.locator("details").all()) await details.locator("summary").click();
    await check(page, "/compare", undefined, false);

    await check(page, "/verdict", async (p) => {
      await expect(p.locator('[data-testid="verdict-cell"][data-source="measured"]').first()).toBeVisible();
    });
  });
});
