import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import { cookiePlaceholder, LAB_PANELS } from "../app/compare/lab-sources";
import {
  PASSWORD,
  SESSION_COOKIE,
  signInToSessionViaApi,
  signInViaSessionForm,
  signUpViaApi,
  uniqueEmail,
} from "./helpers";
import { startServer, type TestServer } from "./support/server";

/**
 * From each /compare panel to the code: every panel names its source files and design notes (links when a source
 * URL is configured, paths otherwise) and shows the curl commands to replay it against this deployment — and the
 * commands shown work when run, with this browser's cookie. The verifier panel asks the real separate verifier, and
 * says so when none is configured.
 */

/** Runs a command as shown on the page, its cookie placeholder replaced with this browser's cookie. */
async function runShown(page: Page, context: BrowserContext, testId: string): Promise<string> {
  const command = (await page.getByTestId(testId).textContent()) ?? "";
  const cookie = (await context.cookies()).find((c) => c.name === SESSION_COOKIE)!;
  expect(command).toContain(cookiePlaceholder(SESSION_COOKIE));
  const runnable = command.replaceAll(cookiePlaceholder(SESSION_COOKIE), cookie.value);
  return execFileSync("bash", ["-c", runnable], { encoding: "utf8", timeout: 60_000 });
}

async function openReplay(page: Page, id: string) {
  const replay = page.getByTestId(`replay-${id}`);
  await replay.getByText("Replay it yourself (curl)").click();
  await expect(replay).toHaveAttribute("open", "");
  return replay;
}

test.describe("lab panels lead to the code", () => {
  test("every panel names its source and ADR, and shows curl commands aimed at this deployment", async ({
    page,
    baseURL,
  }) => {
    await page.goto("/compare");
    for (const id of LAB_PANELS) {
      const source = page.getByTestId(`source-${id}`);
      await expect(source, id).toContainText(/Code: .*(lib|services)\/[\w/-]+\.(ts|mjs)/);
      await expect(source, id).toContainText(/Why: ADR \d{4}/);
      // No SOURCE_URL on the test server: paths, not links.
      await expect(source.getByRole("link"), id).toHaveCount(0);
      const replay = await openReplay(page, id);
      await expect(replay.locator("pre").first(), id).toContainText(new URL(baseURL!).origin);
    }
  });

  test("a replay shown on the page works when run: a forged cross-site sign-out is refused, the lab runs", async ({
    page,
    context,
    request,
    baseURL,
  }) => {
    const account = await signUpViaApi(request, baseURL, uniqueEmail("replay-curl"), "Curly");
    await signInViaSessionForm(page, account.email);
    await expect(page).toHaveURL(/\/session$/);
    await page.goto("/compare");

    await openReplay(page, "cross-site");
    // From another origin, with this browser's cookie attached: 403, and this browser is still signed in.
    expect((await runShown(page, context, "replay-cross-site-forged")).trim()).toBe("403");
    expect((await runShown(page, context, "replay-cross-site-step-2")).trim()).toBe("200");
    await page.goto("/session");
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    expect((await context.cookies()).some((c) => c.name === SESSION_COOKIE)).toBe(true);

    // The lab itself through its endpoint, as shown: it runs on a lab identity and answers JSON.
    await page.goto("/compare");
    await openReplay(page, "replay");
    const result = JSON.parse(await runShown(page, context, "replay-replay-api")) as {
      lab: string;
      identity: { email: string };
      rows: { key: string; after: { status: number } }[];
    };
    expect(result.lab).toBe("replay");
    expect(result.identity.email).not.toBe(account.email);
    expect(result.rows.find((r) => r.key === "session")?.after.status).toBe(401);
  });
});

test.describe("the verifier panel", () => {
  test("another service verifies the lab's token with our public key alone, and cannot know it was revoked", async ({
    page,
    request,
    baseURL,
  }) => {
    const account = await signUpViaApi(request, baseURL, uniqueEmail("verifier-panel"), "Vic");
    await signInViaSessionForm(page, account.email);
    await expect(page).toHaveURL(/\/session$/);
    await page.goto("/compare#verifier");
    const panel = page.getByTestId("lab-verifier");
    await expect(panel.getByTestId("verifier-configured")).toContainText(
      `http://localhost:${process.env.E2E_VERIFIER_PORT}`,
    );
    await panel.getByRole("button", { name: "Ask another service to verify a token" }).click();
    await expect(page.getByTestId("lab-verifier-result")).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId("verifier-headline")).toContainText(
      "Another service verified your token with our public key alone: 0 queries, no shared secret.",
    );
    // After the sign-out: the verifier still verifies the access token (until exp); the refresh token is dead.
    await expect(page.getByTestId("result-verifier-verifier")).toHaveAttribute("data-status", "200");
    await expect(page.getByTestId("result-verifier-verifier")).toHaveAttribute("data-before", "200");
    await expect(page.getByTestId("result-verifier-bearer-refresh")).toHaveAttribute("data-status", "401");
    await expect(page.getByTestId("verifier-cannot-know")).toContainText("keeps verifying there until its exp");
    await page.getByTestId("verifier-keys").getByText("The key rings").click();
    await expect(page.getByTestId("verifier-keys")).toContainText("(EdDSA, signing)");
  });
});

test.describe("a fresh deployment with a source URL and no verifier", () => {
  const root = mkdtempSync(path.join(tmpdir(), "svt-e2e-panels-"));
  let server: TestServer;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    server = await startServer(Number(process.env.E2E_PORT ?? 3210) + 22, {
      DATABASE_URL: "",
      PGLITE_DIR: path.join(root, "pglite"),
      SOURCE_URL: "https://github.com/acme/sessions-vs-tokens/blob/main",
    });
  });
  test.afterAll(async () => {
    await server?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  test("paths are links to the repository; the verifier panel says none is configured", async ({ page }) => {
    await page.goto(`${server.url}/compare`);
    const source = page.getByTestId("source-replay");
    await expect(source.getByRole("link", { name: "lib/labs/replay.ts" })).toHaveAttribute(
      "href",
      "https://github.com/acme/sessions-vs-tokens/blob/main/lib/labs/replay.ts",
    );
    await expect(source.getByRole("link", { name: /ADR 0043/ })).toHaveAttribute(
      "href",
      "https://github.com/acme/sessions-vs-tokens/blob/main/docs/decisions/0043-honest-labs.md",
    );
    await expect(page.getByTestId("verifier-not-configured")).toContainText("No verifier is configured");
    await expect(page.getByTestId("verifier-not-configured")).toContainText("VERIFIER_URL");
    const replay = await openReplay(page, "verifier");
    await expect(replay).toContainText("No verifier is configured here (VERIFIER_URL)");
    await expect(page.getByTestId("replay-verifier-step-1")).toContainText(`${server.url}/.well-known/jwks.json`);
  });

  test("a refused lab request records nothing for the verdict; a finished run does", async ({ page, playwright }) => {
    // This server's database is its own: no other spec runs labs on it, so "nothing measured" is exact.
    const api = await playwright.request.newContext({ baseURL: server.url });
    const account = await signUpViaApi(api, server.url, uniqueEmail("refused-labs"), "Ref Used");
    expect(account.password).toBe(PASSWORD);
    const { seal } = await signInToSessionViaApi(api, server.url, account.email);
    const headers = { origin: server.url, cookie: `${SESSION_COOKIE}=${seal}` };
    const refused = [
      await api.post("/api/compare/cost", { data: { iterations: 5 }, headers }),
      await api.post("/api/compare/replay", { data: { extra: true }, headers }),
      await api.post("/api/compare/replay", { data: {}, headers: { ...headers, origin: "https://evil.example" } }),
      // Signed out: an empty Cookie header keeps the context's own jar out of it.
      await api.post("/api/compare/cross-site", { data: {}, headers: { origin: server.url, cookie: "" } }),
    ];
    expect(refused.map((r) => r.status())).toEqual([400, 400, 403, 401]);
    await page.goto(`${server.url}/verdict`);
    await expect(page.getByTestId("verdict-cell").first()).toBeVisible();
    await expect(page.locator('[data-testid="verdict-cell"][data-source="measured"]')).toHaveCount(0);

    const ran = await api.post("/api/compare/cross-site", { data: {}, headers });
    expect(ran.status()).toBe(200);
    await page.reload();
    await expect(page.locator('[data-testid="verdict-cell"][data-row="csrf"][data-source="measured"]')).toHaveCount(4);
    await api.dispose();
  });
});
