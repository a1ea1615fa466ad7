import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import {
  originHeader,
  PASSWORD,
  SESSION_COOKIE,
  signInToSessionViaApi,
  signInViaSessionForm,
  signInViaTokenForm,
  signUpViaApi,
  TOKEN_COOKIE,
  uniqueEmail,
} from "./helpers";
import { sessionCookie } from "./policy-helpers";
import { startServer, type TestServer } from "./support/server";

/**
 * Issue 16: every lab acts on a throw-away lab identity, never on the account that runs it. After every lab — the
 * expiry lab included — the real account's name, sessions, JWT, the bearer refresh token in that browser, settings
 * and lifecycle log are exactly as before; a thief with a copied cookie learns and changes nothing through a lab;
 * and lab identities are gone after pruning.
 */

const ACCESS_KEY = "svt.bearer.accessToken";
const REFRESH_KEY = "svt.bearer.refreshToken";

/** The lifecycle log of a page as text, times left out (they are relative: "2 min ago"). */
async function log(page: Page, testId: string) {
  const list = page.getByTestId(testId);
  if ((await list.count()) === 0) return [];
  return list.evaluate((ol) =>
    [...ol.querySelectorAll('[data-testid="event"]')]
      .map((li) => {
        const copy = li.cloneNode(true) as HTMLElement;
        // Each time is a <time> followed by its relative form (" · 2 min ago"): both go.
        copy.querySelectorAll("time").forEach((t) => {
          t.nextElementSibling?.remove();
          t.remove();
        });
        return `${li.getAttribute("data-type")}: ${copy.textContent?.replace(/\s+/g, " ").trim()}`;
      })
      // This browser's own page views renew its session once a minute: that is not a lab's doing.
      .filter((line) => !line.startsWith("renewal:")),
  );
}

/** Everything the issue names, as this browser and the server see it. */
async function snapshot(page: Page, request: APIRequestContext) {
  const cookies = await page.context().cookies();
  const session = cookies.find((c) => c.name === SESSION_COOKIE)!.value;
  const jwt = cookies.find((c) => c.name === TOKEN_COOKIE)!.value;
  const sessionMe = await request.get("/api/session/me", { headers: { cookie: `${SESSION_COOKIE}=${session}` } });
  const tokenMe = await request.get("/api/token/me", { headers: { cookie: `${TOKEN_COOKIE}=${jwt}` } });
  await page.goto("/token/bearer");
  await expect(page.getByTestId("bearer-user")).toBeVisible();
  const stored = await page.evaluate(
    ([a, r]) => ({ access: localStorage.getItem(a!), refresh: localStorage.getItem(r!) }),
    [ACCESS_KEY, REFRESH_KEY],
  );
  const bearer = await request.get("/api/bearer/tokens", { headers: { authorization: `Bearer ${stored.access}` } });
  await page.goto("/session");
  const devices = await page
    .getByTestId("device")
    .evaluateAll((els) => els.map((e) => e.getAttribute("data-id-prefix")));
  const sessionLog = await log(page, "event-log");
  await page.goto("/token");
  const tokenLog = await log(page, "token-events");
  await page.goto("/settings");
  const settings = {
    email: await page.getByTestId("settings-email").textContent(),
    strategy: await page.getByTestId("settings-current-strategy").textContent(),
    revocation: await page.getByTestId("settings-revocation").textContent(),
    sessions: await page.getByTestId("settings-sessions").textContent(),
    refresh: await page.getByTestId("settings-refresh").textContent(),
    name: await page.getByRole("textbox", { name: "Display name" }).inputValue(),
  };
  const bearerBody = (await bearer.json()) as { tokens: unknown[]; events: Array<{ type: string; detail: string }> };
  return {
    // The session by its row (devices, below) and owner: its cookie is re-sealed when a page view renews it.
    session: { status: sessionMe.status(), user: (await sessionMe.json()).user },
    jwt: { cookie: jwt, status: tokenMe.status(), body: (await tokenMe.json()) as object },
    bearer: {
      refresh: stored.refresh,
      status: bearer.status(),
      tokens: bearerBody.tokens,
      events: bearerBody.events.map((e) => `${e.type}: ${e.detail}`),
    },
    devices,
    sessionLog,
    tokenLog,
    settings,
  };
}

test("after every lab, the real account is exactly as before; the expiry lab shows each credential refused on time", async ({
  page,
  request,
  baseURL,
}) => {
  test.setTimeout(300_000);
  const account = await signUpViaApi(request, baseURL, uniqueEmail("unchanged"), "Real Name");
  // This browser holds all three: a session (the pages' viewer), a next-auth JWT and bearer tokens.
  await signInViaTokenForm(page, account.email);
  await expect(page).toHaveURL(/\/token$/);
  await page.goto("/settings");
  await page.getByRole("button", { name: "Turn revocation mode on" }).click(); // a version bump would now show
  await expect(page.getByTestId("settings-revocation")).toHaveText("on");
  await signInViaSessionForm(page, account.email);
  await expect(page).toHaveURL(/\/session$/);
  await page.goto("/token/bearer");
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Get tokens" }).click();
  await expect(page.getByTestId("bearer-user")).toBeVisible();

  const before = await snapshot(page, request);
  expect(before.session.status).toBe(200);
  expect(before.jwt.status).toBe(200);
  expect(before.bearer.status).toBe(200);

  await page.goto("/compare");
  const run = async (button: string, lab: string, timeout = 60_000) => {
    await page.getByRole("button", { name: button }).click();
    await expect(page.getByTestId(`lab-${lab}-result`)).toBeVisible({ timeout });
    await expect(page.getByTestId(`lab-${lab}-result`)).toContainText("@lab-identity");
  };
  await run("Run the replay", "replay");
  await run("Sign the lab identity out everywhere else", "everywhere");
  await page.getByLabel("New display name of the lab identity").fill("Someone Else");
  await run("Rename the lab identity and ask", "stale-claims");
  await run("Attack from evil.example", "cross-site");
  await run("Measure 2,000 checks each", "cost", 120_000);

  // Watch it expire: live countdowns while it runs, then each credential refused after its short lifetime.
  await page.getByRole("button", { name: "Start the clocks" }).click();
  await expect(page.getByTestId("expiry-session-idle-countdown")).toHaveText(/ends in \d+\.\d s/, { timeout: 15_000 });
  const firstReading = await page.getByTestId("expiry-jwt-countdown").textContent();
  await expect(page.getByTestId("expiry-jwt-countdown")).not.toHaveText(firstReading!); // it moves
  // The unused session dies at 15 s while the one in use is still accepted.
  await expect(page.getByTestId("expiry-session-idle")).toHaveAttribute("data-state", "ended", { timeout: 30_000 });
  await expect(page.getByTestId("expiry-session-renewing")).toHaveAttribute("data-state", "alive");
  await expect(page.getByTestId("lab-expiry-result")).toBeVisible({ timeout: 90_000 });
  const seconds = async (key: string) => {
    const text = await page.getByTestId(`expiry-${key}-countdown`).textContent();
    return Number(/refused at (\d+\.\d) s/.exec(text ?? "")?.[1]);
  };
  // Refused the second it expires: at its end (on the lab's clock), within the once-a-second probing.
  const ends = {
    "session-idle": [15, 16.5],
    jwt: [20, 21.2],
    "bearer-access": [15, 16.2],
    "session-renewing": [60, 61.2],
  };
  for (const [key, [from, to]] of Object.entries(ends)) {
    const at = await seconds(key);
    expect(at, `${key} refused at ${at} s`).toBeGreaterThanOrEqual(from! - 0.2);
    expect(at, `${key} refused at ${at} s`).toBeLessThanOrEqual(to!);
    await expect(page.getByTestId(`result-expiry-${key}`)).toHaveAttribute("data-risk", "safe");
  }
  // The renewing one was kept: accepted long after the unused one's idle end.
  await expect(page.getByTestId("verdict-expiry-session-renewing")).toContainText("Kept alive by use");
  const kept = /still accepted at (\d+\.\d) s/.exec(
    (await page.getByTestId("verdict-expiry-session-renewing").textContent())!,
  );
  expect(Number(kept?.[1])).toBeGreaterThan(40);
  await expect(page.getByTestId("verdict-expiry-jwt")).toContainText(/despite [1-9]\d* renewals/);

  const after = await snapshot(page, request);
  expect(after).toEqual(before);
  // And each still works: the bearer refresh token in this browser can still be spent.
  const refreshed = await request.post("/api/bearer/refresh", {
    data: { refreshToken: after.bearer.refresh },
    headers: originHeader(baseURL),
  });
  expect(refreshed.status()).toBe(200);
});

test("a thief with a copied cookie learns and changes nothing about the real account through the labs", async ({
  request,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const account = await signUpViaApi(request, baseURL, uniqueEmail("thief"), "Victim Name");
  const { seal } = await signInToSessionViaApi(request, baseURL, account.email);
  const me = (await (await request.get("/api/session/me", { headers: { cookie: sessionCookie(seal) } })).json()) as {
    user: { id: string; name: string; email: string };
  };
  const headers = { ...originHeader(baseURL), cookie: sessionCookie(seal) };
  for (const [lab, data] of [
    ["replay", {}],
    ["everywhere", {}],
    ["stale-claims", { name: "Owned" }],
    ["cross-site", {}],
    ["cost", { iterations: 100 }],
  ] as const) {
    const response = await request.post(`/api/compare/${lab}`, { data, headers, timeout: 60_000 });
    expect(response.status(), lab).toBe(200);
    const text = await response.text();
    for (const secret of [me.user.id, account.email, "Victim Name"])
      expect(text, `${lab} leaks nothing`).not.toContain(secret);
    // No credential of the account is set or cleared by a lab.
    expect(response.headers()["set-cookie"], `${lab} sets no cookie`).toBeUndefined();
  }
  const after = await request.get("/api/session/me", { headers: { cookie: sessionCookie(seal) } });
  expect(after.status()).toBe(200);
  expect(((await after.json()) as typeof me).user).toEqual(me.user);

  // The short lifetimes are a lab identity's only: whatever a request sends, the account's session is as configured.
  const odd = await request.post("/api/compare/expiry", {
    data: { idleSeconds: 1, lifetimes: "short", userId: me.user.id },
    headers,
  });
  expect(odd.status(), "the expiry lab takes no input at all").toBe(400);
  const fresh = await signInToSessionViaApi(request, baseURL, account.email);
  const session = (await (
    await request.get("/api/session/me", { headers: { cookie: sessionCookie(fresh.seal) } })
  ).json()) as {
    session: { createdAt: string; idleExpiresAt: string };
  };
  expect(Date.parse(session.session.idleExpiresAt) - Date.parse(session.session.createdAt)).toBe(7 * 24 * 3600 * 1000);
});

test.describe("retention", () => {
  const root = mkdtempSync(path.join(tmpdir(), "svt-e2e-labs-"));
  let server: TestServer;
  const cron = process.env.E2E_CRON_SECRET!;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    // Its own server, whose lab identities live 3 s: pruning can be watched without waiting an hour.
    server = await startServer(Number(process.env.E2E_PORT ?? 3210) + 12, {
      DATABASE_URL: "",
      PGLITE_DIR: path.join(root, "pglite"),
      LAB_IDENTITY_LIFETIME: "3",
      CRON_SECRET: cron,
    });
  });
  test.afterAll(async () => {
    await server?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  test("lab identities cannot sign in, and are gone after pruning with all they held", async ({
    playwright,
    browser,
  }) => {
    const request = await playwright.request.newContext({ baseURL: server.url });
    const account = await signUpViaApi(request, server.url, uniqueEmail("pruned"));
    const { seal } = await signInToSessionViaApi(request, server.url, account.email);
    const headers = { ...originHeader(server.url), cookie: sessionCookie(seal) };
    const ran = await request.post("/api/compare/replay", { data: {}, headers });
    expect(ran.status()).toBe(200);
    const { identity } = (await ran.json()) as { identity: { email: string; id: string } };
    expect(identity.email).toMatch(/^lab-[0-9a-f-]{36}@lab-identity$/);

    // Excluded from every sign-in, with the same answer as a wrong password.
    const wrong = await request.post("/api/session/login", {
      data: { email: account.email, password: "not the password" },
      headers: { ...originHeader(server.url), cookie: "" },
    });
    for (const [path, body] of [
      ["/api/session/login", { email: identity.email, password: PASSWORD }],
      ["/api/bearer/login", { email: identity.email, password: PASSWORD }],
      ["/api/signup", { email: identity.email, name: "Copycat", password: PASSWORD }],
    ] as const) {
      const attempt = await request.post(path, { data: body, headers: { ...originHeader(server.url), cookie: "" } });
      if (path === "/api/signup") expect(attempt.status(), "its email cannot be signed up either").toBe(400);
      else {
        expect(attempt.status(), path).toBe(401);
        expect(await attempt.json()).toEqual(await wrong.json());
      }
    }

    // Alive until its lifetime has passed, then pruned by the retention pass (Vercel Cron's endpoint here).
    const pruneNow = async () =>
      (await (
        await fetch(`${server.url}/api/cron/prune`, { headers: { authorization: `Bearer ${cron}` } })
      ).json()) as {
        pruned: { labIdentities: number };
      };
    await new Promise((resolve) => setTimeout(resolve, 3_500));
    const pass = await pruneNow();
    expect(pass.pruned.labIdentities).toBeGreaterThanOrEqual(1);
    expect((await pruneNow()).pruned.labIdentities).toBe(0);
    // Gone: a lab of the owner's that would need it finds nothing, and the page counts none.
    const context = await browser.newContext();
    await context.addCookies([{ name: SESSION_COOKIE, value: seal, url: server.url }]);
    const page = await context.newPage();
    await page.goto(`${server.url}/compare`);
    await expect(page.getByTestId("compare-viewer")).toBeVisible();
    await expect(page.getByTestId("lab-identity-count")).toHaveCount(0);
    await context.close();
    await request.dispose();
  });
});
