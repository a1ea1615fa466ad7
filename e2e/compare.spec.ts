import { expect, test, type Page } from "@playwright/test";
import {
  originHeader,
  signedInContext,
  signInViaSessionForm,
  signInViaTokenForm,
  signUpViaApi,
  uniqueEmail,
} from "./helpers";

/**
 * /compare end to end: every lab is started from the page in Chromium, runs against the app's own endpoints,
 * and the outcome each one shows is asserted (status before → after, per credential).
 */

function outcome(page: Page, lab: string, key: string) {
  return page.getByTestId(`result-${lab}-${key}`);
}

async function expectRow(page: Page, lab: string, key: string, after: number, before?: number) {
  const row = outcome(page, lab, key);
  await expect(row).toHaveAttribute("data-status", String(after));
  if (before !== undefined) await expect(row).toHaveAttribute("data-before", String(before));
}

test.describe("the labs", () => {
  test("replay: session refused at once, default JWT still accepted, revocation-mode JWT refused, bearer access valid, refresh dead", async ({
    page,
    request,
    baseURL,
  }) => {
    const account = await signUpViaApi(request, baseURL, uniqueEmail("replay"));
    await signInViaSessionForm(page, account.email);
    await expect(page).toHaveURL(/\/session$/);
    await page.goto("/compare");
    await page.getByRole("button", { name: "Run the replay" }).click();
    await expect(page.getByTestId("lab-replay-result")).toBeVisible({ timeout: 30_000 });
    await expectRow(page, "replay", "session", 401, 200);
    await expectRow(page, "replay", "jwt", 200, 200);
    await expectRow(page, "replay", "jwt-revocation", 401, 200);
    await expectRow(page, "replay", "bearer-access", 200, 200);
    await expectRow(page, "replay", "bearer-refresh", 401);
    await expect(outcome(page, "replay", "session")).toContainText("401 refused");
    // The lab never signed this browser out.
    await page.goto("/session");
    await expect(page).toHaveURL(/\/session$/);
  });

  test("replay from a revocation-mode token sign-in keeps this browser signed in", async ({
    page,
    request,
    baseURL,
  }) => {
    const account = await signUpViaApi(request, baseURL, uniqueEmail("replaytok"));
    await signInViaTokenForm(page, account.email);
    await expect(page).toHaveURL(/\/token$/);
    await page.goto("/settings");
    await page.getByRole("button", { name: "Turn revocation mode on" }).click();
    await expect(page.getByTestId("settings-revocation")).toHaveText("on");
    await page.goto("/compare");
    await page.getByRole("button", { name: "Run the replay" }).click();
    await expect(page.getByTestId("lab-replay-result")).toContainText("this browser's was re-issued", {
      timeout: 30_000,
    });
    await expectRow(page, "replay", "jwt-revocation", 401, 200);
    await page.goto("/token");
    await expect(page).toHaveURL(/\/token$/);
  });

  test("sign out everywhere: a second browser's session ends at once, a JWT browser stays signed in", async ({
    browser,
    request,
    baseURL,
  }) => {
    const account = await signUpViaApi(request, baseURL, uniqueEmail("everywhere"));
    const me = await signedInContext(browser, account.email, "session");
    const secondSession = await signedInContext(browser, account.email, "session");
    const secondToken = await signedInContext(browser, account.email, "token");

    await me.page.goto("/compare");
    await me.page.getByRole("button", { name: "Sign out everywhere else" }).click();
    await expect(me.page.getByTestId("lab-everywhere-result")).toBeVisible({ timeout: 30_000 });
    await expectRow(me.page, "everywhere", "session", 401, 200);
    await expectRow(me.page, "everywhere", "jwt", 200, 200);
    await expectRow(me.page, "everywhere", "jwt-revocation", 401, 200);
    await expectRow(me.page, "everywhere", "bearer-access", 200, 200);
    await expectRow(me.page, "everywhere", "bearer-refresh", 401);
    // The lab device and the second browser: 2 sessions ended.
    await expect(me.page.getByTestId("lab-everywhere-result")).toContainText("2 sessions ended");

    await secondSession.page.goto("/session");
    await expect(secondSession.page).toHaveURL(/\/session\/login/);
    await secondToken.page.goto("/token");
    await expect(secondToken.page).toHaveURL(/\/token$/);
    await me.page.goto("/session");
    await expect(me.page).toHaveURL(/\/session$/);
    for (const x of [me, secondSession, secondToken]) await x.context.close();
  });

  test("stale claims: the session shows the new name at once, the JWT the old one until re-issued", async ({
    page,
    request,
    baseURL,
  }) => {
    const account = await signUpViaApi(request, baseURL, uniqueEmail("stale"), "Before Name");
    await signInViaTokenForm(page, account.email);
    await expect(page).toHaveURL(/\/token$/);
    await page.goto("/compare");
    await page.getByLabel("New display name").fill("After Name");
    await page.getByRole("button", { name: "Change my name and ask" }).click();
    await expect(page.getByTestId("lab-stale-claims-result")).toBeVisible({ timeout: 30_000 });
    await expect(outcome(page, "stale-claims", "session")).toHaveAttribute("data-name", "After Name");
    await expect(outcome(page, "stale-claims", "jwt")).toHaveAttribute("data-name", "Before Name");
    await expect(outcome(page, "stale-claims", "bearer-access")).toHaveAttribute("data-name", "Before Name");
    await expect(outcome(page, "stale-claims", "jwt-reissued")).toHaveAttribute("data-name", "After Name");
    // This browser's own JWT is stale too: the header still says the old name.
    await page.reload();
    await expect(page.getByTestId("header-user")).toHaveText("Before Name");

    await page.getByLabel("New display name").fill("");
    await page.getByRole("button", { name: "Change my name and ask" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "Name is required." })).toBeVisible();
  });

  test("cross-site: the Origin check refuses cookie-authenticated writes; the bearer API gets no header", async ({
    page,
    request,
    baseURL,
  }) => {
    const account = await signUpViaApi(request, baseURL, uniqueEmail("csrf"));
    await signInViaSessionForm(page, account.email);
    await expect(page).toHaveURL(/\/session$/);
    await page.goto("/compare");
    await page.getByRole("button", { name: "Attack from evil.example" }).click();
    await expect(page.getByTestId("lab-cross-site-result")).toBeVisible({ timeout: 30_000 });
    await expectRow(page, "cross-site", "session", 403);
    await expectRow(page, "cross-site", "jwt", 403);
    await expectRow(page, "cross-site", "bearer", 401);
    await expectRow(page, "cross-site", "bearer-cors", 200);
    await expect(outcome(page, "cross-site", "bearer-cors")).toContainText("Access-Control-Allow-Origin (none)");
    await expect(page.getByTestId("lab-cross-site-result")).toContainText("session still signed in → 200");
    await expect(page.getByTestId("lab-cross-site-result")).toContainText("JWT still signed in → 200");
  });

  test("cost per request: measured µs, counted queries (1 / 0 / 1 / 0) and credential bytes, drawn as a chart", async ({
    page,
    request,
    baseURL,
  }) => {
    const account = await signUpViaApi(request, baseURL, uniqueEmail("cost"));
    await signInViaSessionForm(page, account.email);
    await expect(page).toHaveURL(/\/session$/);
    await page.goto("/compare");
    await page.getByRole("button", { name: "Measure 2,000 checks each" }).click();
    await expect(page.getByTestId("lab-cost-result")).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId("cost-session-queries")).toHaveText("1");
    await expect(page.getByTestId("cost-jwt-queries")).toHaveText("0");
    await expect(page.getByTestId("cost-jwt-revocation-queries")).toHaveText("1");
    await expect(page.getByTestId("cost-bearer-queries")).toHaveText("0");
    for (const key of ["session", "jwt", "jwt-revocation", "bearer"]) {
      await expect(page.getByTestId(`cost-${key}-p50`)).toHaveText(/^\d+(\.\d)? (µs|ms)$|^\d+\.\d\d ms$/);
      await expect(page.getByTestId(`cost-${key}-cpu`)).toHaveText(/^\d+(\.\d)? (µs|ms)$|^\d+\.\d\d ms$/);
      expect(Number(await page.getByTestId(`cost-${key}-bytes`).textContent())).toBeGreaterThan(100);
    }
    await expect(page.getByTestId("cost-chart")).toBeVisible();
    await expect(page.getByTestId("cost-chart").locator("rect")).toHaveCount(8);
  });

  test("timeouts: every rule on one timeline, from the running configuration", async ({ page }) => {
    await page.goto("/compare");
    const timeline = page.getByTestId("timeline");
    await expect(timeline).toBeVisible();
    for (const key of ["session", "jwt", "bearer-access", "bearer-refresh"])
      await expect(page.getByTestId(`timeline-${key}`)).toHaveCount(1);
    await expect(page.locator("#timeouts")).toContainText("Session: 7 d without use, 30 d at most.");
    await expect(page.locator("#timeouts")).toContainText("Bearer access token: 5 min at most.");
    // Signed out, the labs explain themselves but cannot be run.
    await expect(page.getByRole("button", { name: "Run the replay" })).toBeDisabled();
  });

  test("the lab API: same origin, JSON, signed in, known labs only, POST only", async ({ request, baseURL }) => {
    const origin = originHeader(baseURL);
    expect((await request.post("/api/compare/replay", { data: {}, headers: origin })).status()).toBe(401);
    expect(
      (await request.post("/api/compare/replay", { data: {}, headers: { origin: "https://evil.example" } })).status(),
    ).toBe(403);
    expect((await request.post("/api/compare/nope", { data: {}, headers: origin })).status()).toBe(404);
    expect(
      (
        await request.post("/api/compare/replay", {
          data: "x=1",
          headers: { ...origin, "content-type": "application/x-www-form-urlencoded" },
        })
      ).status(),
    ).toBe(415);
    const get = await request.get("/api/compare/replay");
    expect(get.status()).toBe(405);
    expect(get.headers()["allow"]).toBe("POST, OPTIONS");
    const bad = await request.post("/api/compare/cost", { data: { iterations: 10 ** 7 }, headers: origin });
    expect(bad.status()).toBe(400);
    expect((await bad.json()).fields.iterations).toMatch(/at most 5000/);
  });
});
