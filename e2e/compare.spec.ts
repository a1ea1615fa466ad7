import { expect, test, type Page } from "@playwright/test";
import {
  originHeader,
  SESSION_COOKIE,
  signedInContext,
  signInToSessionViaApi,
  signInViaSessionForm,
  signInViaTokenForm,
  signUpViaApi,
  uniqueEmail,
} from "./helpers";

/**
 * /compare end to end: every lab is started from the page in Chromium, runs on a throw-away lab identity against the
 * app's own endpoints, and the outcome each one shows is asserted — the HTTP status before → after, and the risk it
 * means (style and words), per credential.
 */

function outcome(page: Page, lab: string, key: string) {
  return page.getByTestId(`result-${lab}-${key}`);
}

/** One outcome: its HTTP facts and its judgement (a data-risk, the badge's words and the verdict). */
async function expectRow(
  page: Page,
  lab: string,
  key: string,
  after: number,
  risk: "safe" | "limited" | "exposed" | "neutral",
  before?: number,
) {
  const row = outcome(page, lab, key);
  await expect(row).toHaveAttribute("data-status", String(after));
  if (before !== undefined) await expect(row).toHaveAttribute("data-before", String(before));
  await expect(row).toHaveAttribute("data-risk", risk);
  const words = { safe: "Safe", limited: "Limited risk", exposed: "At risk", neutral: "Baseline" }[risk];
  await expect(page.getByTestId(`risk-${lab}-${key}`)).toHaveText(new RegExp(words));
  await expect(page.getByTestId(`verdict-${lab}-${key}`)).not.toBeEmpty();
}

test.describe("the labs", () => {
  test("the legend explains every risk level in words; colour is never the only signal", async ({ page }) => {
    await page.goto("/compare");
    const legend = page.getByTestId("risk-legend");
    for (const words of ["Safe", "Limited risk", "At risk", "Baseline"]) await expect(legend).toContainText(words);
    await expect(page.getByText("a 401 after sign-out is good news", { exact: false })).toBeVisible();
  });

  test("replay: the session ends at once (safe), a default JWT still works (at risk), the access token briefly (limited)", async ({
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
    await expectRow(page, "replay", "session", 401, "safe", 200);
    await expectRow(page, "replay", "jwt", 200, "exposed", 200);
    await expectRow(page, "replay", "jwt-revocation", 401, "safe", 200);
    await expectRow(page, "replay", "bearer-access", 200, "limited", 200);
    await expectRow(page, "replay", "bearer-refresh", 401, "safe");
    await expect(page.getByTestId("verdict-replay-jwt")).toContainText("A stolen copy still works");
    await expect(page.getByTestId("verdict-replay-session")).toContainText("Ended");
    // A 401 is judged, not coloured as a failure: the row's border is the safe colour.
    await expect(outcome(page, "replay", "session")).toHaveClass(/border-l-emerald-500/);
    await expect(outcome(page, "replay", "jwt")).toHaveClass(/border-l-red-600/);
    // It acted on a lab identity, never on this account, and this browser is still signed in.
    await expect(page.getByTestId("lab-replay-identity")).toContainText("@lab-identity");
    await page.goto("/session");
    await expect(page).toHaveURL(/\/session$/);
  });

  test("replay from a revocation-mode token sign-in leaves this browser's JWT alone", async ({
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
    const before = (await page.context().cookies()).find((c) => c.name === "authjs.session-token")!.value;
    await page.goto("/compare");
    await page.getByRole("button", { name: "Run the replay" }).click();
    await expect(page.getByTestId("lab-replay-result")).toBeVisible({ timeout: 30_000 });
    await expectRow(page, "replay", "jwt-revocation", 401, "safe", 200);
    // The lab bumped the lab identity's token version, not this account's: nothing was re-issued here.
    const after = (await page.context().cookies()).find((c) => c.name === "authjs.session-token")!.value;
    expect(after).toBe(before);
    await page.goto("/token");
    await expect(page).toHaveURL(/\/token$/);
  });

  test("sign out everywhere acts on the lab identity: its other device ends, your other browsers stay signed in", async ({
    browser,
    request,
    baseURL,
  }) => {
    const account = await signUpViaApi(request, baseURL, uniqueEmail("everywhere"));
    const me = await signedInContext(browser, account.email, "session");
    const secondSession = await signedInContext(browser, account.email, "session");
    const secondToken = await signedInContext(browser, account.email, "token");

    await me.page.goto("/compare");
    await me.page.getByRole("button", { name: "Sign the lab identity out everywhere else" }).click();
    await expect(me.page.getByTestId("lab-everywhere-result")).toBeVisible({ timeout: 30_000 });
    await expectRow(me.page, "everywhere", "session", 401, "safe", 200);
    await expectRow(me.page, "everywhere", "jwt", 200, "exposed", 200);
    await expectRow(me.page, "everywhere", "jwt-revocation", 401, "safe", 200);
    await expectRow(me.page, "everywhere", "bearer-access", 200, "limited", 200);
    await expectRow(me.page, "everywhere", "bearer-refresh", 401, "safe");
    await expectRow(me.page, "everywhere", "this-session", 200, "neutral", 200);
    // Honest about the bearer flow: "everywhere" revokes the asking device's refresh family too.
    await expectRow(me.page, "everywhere", "this-bearer-refresh", 401, "neutral");
    await expect(me.page.getByTestId("lab-everywhere-result")).toContainText("1 session ended");

    // The account's own other browsers were not touched.
    await secondSession.page.goto("/session");
    await expect(secondSession.page).toHaveURL(/\/session$/);
    await secondToken.page.goto("/token");
    await expect(secondToken.page).toHaveURL(/\/token$/);
    await me.page.goto("/session");
    await expect(me.page).toHaveURL(/\/session$/);
    for (const x of [me, secondSession, secondToken]) await x.context.close();
  });

  test("stale claims: the lab identity is renamed; the session shows it at once, JWTs keep the old name", async ({
    page,
    request,
    baseURL,
  }) => {
    const account = await signUpViaApi(request, baseURL, uniqueEmail("stale"), "Before Name");
    await signInViaTokenForm(page, account.email);
    await expect(page).toHaveURL(/\/token$/);
    await page.goto("/compare");
    await page.getByLabel("New display name of the lab identity").fill("After Name");
    await page.getByRole("button", { name: "Rename the lab identity and ask" }).click();
    await expect(page.getByTestId("lab-stale-claims-result")).toBeVisible({ timeout: 30_000 });
    await expect(outcome(page, "stale-claims", "session")).toHaveAttribute("data-name", "After Name");
    await expectRow(page, "stale-claims", "session", 200, "safe", 200);
    await expect(outcome(page, "stale-claims", "jwt")).not.toHaveAttribute("data-name", "After Name");
    await expectRow(page, "stale-claims", "jwt", 200, "limited", 200);
    await expect(outcome(page, "stale-claims", "bearer-access")).not.toHaveAttribute("data-name", "After Name");
    await expectRow(page, "stale-claims", "bearer-access", 200, "limited", 200);
    await expect(outcome(page, "stale-claims", "jwt-reissued")).toHaveAttribute("data-name", "After Name");
    await expectRow(page, "stale-claims", "jwt-reissued", 200, "safe");
    // Your own name did not change: the header still says it.
    await page.reload();
    await expect(page.getByTestId("header-user")).toHaveText("Before Name");

    await page.getByLabel("New display name of the lab identity").fill("");
    await page.getByRole("button", { name: "Rename the lab identity and ask" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "Name is required." })).toBeVisible();
  });

  test("cross-site: the Origin check refuses cookie-authenticated writes; the bearer API gets no header (all safe)", async ({
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
    await expectRow(page, "cross-site", "session", 403, "safe");
    await expectRow(page, "cross-site", "jwt", 403, "safe");
    await expectRow(page, "cross-site", "bearer", 401, "safe");
    await expectRow(page, "cross-site", "bearer-cors", 200, "safe");
    await expect(outcome(page, "cross-site", "bearer-cors")).toContainText("Access-Control-Allow-Origin (none)");
    await expect(page.getByTestId("lab-cross-site-result")).toContainText("session still signed in → 200");
    await expect(page.getByTestId("lab-cross-site-result")).toContainText("JWT still signed in → 200");
  });

  test("cost per request: progress while it runs; µs, the database column, counted queries, bytes, and the database named", async ({
    page,
    request,
    baseURL,
  }) => {
    const account = await signUpViaApi(request, baseURL, uniqueEmail("cost"));
    await signInViaSessionForm(page, account.email);
    await expect(page).toHaveURL(/\/session$/);
    await page.goto("/compare");
    await page.getByRole("button", { name: "Measure 2,000 checks each" }).click();
    // Progress, not a bare spinner: a progress bar that moves.
    await expect(page.getByTestId("cost-progress")).toBeVisible({ timeout: 30_000 });
    await expect(page.getByRole("progressbar")).toHaveAttribute("aria-valuenow", /^[1-9]\d*$/);
    await expect(page.getByTestId("lab-cost-result")).toBeVisible({ timeout: 90_000 });
    await expect(page.getByTestId("cost-session-queries")).toHaveText("1");
    await expect(page.getByTestId("cost-jwt-queries")).toHaveText("0");
    await expect(page.getByTestId("cost-jwt-revocation-queries")).toHaveText("1");
    await expect(page.getByTestId("cost-bearer-queries")).toHaveText("0");
    const time = /^\d+(\.\d)? (µs|ms)$|^\d+\.\d\d ms$/;
    const keys = ["session", "session-library", "jwt", "jwt-library", "jwt-revocation", "bearer", "bearer-library"];
    for (const key of keys) {
      // Every check, this app's and each library default's, accepted the lab identity's credential.
      await expect(page.getByTestId(`cost-${key}`)).toHaveAttribute("data-ok", "true");
      await expect(page.getByTestId(`cost-${key}-p50`)).toHaveText(time);
      await expect(page.getByTestId(`cost-${key}-cpu`)).toHaveText(time);
      expect(Number(await page.getByTestId(`cost-${key}-bytes`).textContent())).toBeGreaterThan(100);
    }
    // The database round trip is its own column: a time for the checks that query, a dash for those that do not.
    await expect(page.getByTestId("cost-session-db")).toHaveText(time);
    await expect(page.getByTestId("cost-jwt-revocation-db")).toHaveText(time);
    await expect(page.getByTestId("cost-jwt-db")).toHaveText("—");
    await expect(page.getByTestId("cost-bearer-db")).toHaveText("—");
    // The library defaults: iron-session's read goes to the database, next-auth's and jose's do not.
    expect(Number(await page.getByTestId("cost-session-library-queries").textContent())).toBeGreaterThanOrEqual(1);
    await expect(page.getByTestId("cost-jwt-library-queries")).toHaveText("0");
    await expect(page.getByTestId("cost-bearer-library-queries")).toHaveText("0");
    await expect(page.getByTestId("cost-chart")).toBeVisible();
    await expect(page.getByTestId("cost-chart").locator("rect")).toHaveCount(14);

    const kind = await page.getByTestId("lab-cost-result").getAttribute("data-database");
    const headline = page.getByTestId("cost-headline");
    if (kind === "pglite") {
      // On PGlite the first line says there is no network hop, and the networked figure is shown with its source.
      await expect(headline).toContainText("PGlite");
      await expect(headline).toContainText("an in-process database has no network hop");
      await expect(headline).toContainText(/On a networked PostgreSQL the same check waited \d+ µs for the database/);
      await expect(page.getByTestId("cost-networked")).toContainText(
        "What the same checks cost on a networked PostgreSQL",
      );
    } else {
      await expect(headline).toContainText("PostgreSQL");
      await expect(headline).toContainText("round trip");
    }
    const source = page.getByTestId("cost-networked-source");
    await expect(source).toContainText("committed benchmark results (bench/RESULTS.md");
    await expect(source).toContainText(/measured \d{4}-\d\d-\d\d on /);
    await expect(page.getByTestId("networked-session-db")).toHaveText(/^\d+ µs$/);
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
    await expect(page.getByRole("button", { name: "Start the clocks" })).toBeDisabled();
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

  test("the cost lab, the heavy one, runs 4 times a minute per account; the other labs keep their own limit", async ({
    request,
    baseURL,
  }) => {
    const email = uniqueEmail("cost-limit");
    await signUpViaApi(request, baseURL, email);
    const { seal } = await signInToSessionViaApi(request, baseURL, email);
    const headers = { ...originHeader(baseURL), cookie: `${SESSION_COOKIE}=${seal}` };
    const cost = () => request.post("/api/compare/cost", { data: { iterations: 100 }, headers, timeout: 90_000 });
    for (let i = 0; i < 4; i++) expect((await cost()).status(), `cost run ${i + 1}`).toBe(200);
    const refused = await cost();
    expect(refused.status()).toBe(429);
    expect(Number(refused.headers()["retry-after"])).toBeGreaterThan(0);
    expect((await request.post("/api/compare/cross-site", { data: {}, headers })).status()).toBe(200);
  });
});
