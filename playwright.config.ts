import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";
import { newBearerKey, newSecret } from "./test/server-harness.mjs";

/**
 * End-to-end tests in a real Chromium against a production build (`next build` + `next start`).
 * - Without DATABASE_URL the server uses a fresh PGlite folder per run; with it, that Postgres database.
 * - Secrets are generated per run (production mode refuses to start without them).
 * - The server is started by e2e/support/global-setup.ts through test/server-harness.mjs, as the specs' extra ones,
 *   with the separate verifier (services/verifier) beside it, configured with the server's JWKS URL and a port only.
 * - Debian's /usr/bin/chromium is used when present; elsewhere run `npx playwright install chromium` once.
 * Values are put in process.env so the worker processes (which re-read this file) see the same ones.
 */
const PORT = Number(process.env.E2E_PORT ?? 3210);
process.env.E2E_RUN_ID ??= `${Date.now()}`;
process.env.E2E_SESSION_SECRET ??= newSecret();
process.env.E2E_AUTH_SECRET ??= newSecret();
process.env.E2E_CRON_SECRET ??= newSecret();
process.env.E2E_BEARER_SIGNING_KEYS ??= newBearerKey();
export const baseURL = `http://localhost:${PORT}`;
/** The separate verifier beside the main server (e2e/support/global-setup.ts), on E2E_VERIFIER_PORT or PORT + 60. */
process.env.E2E_VERIFIER_PORT ??= String(PORT + 60);

const systemChromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p));

export default defineConfig({
  testDir: "e2e",
  // These prove properties of several processes on one shared database; PGlite is one process only, so they run
  // in the Postgres pass (DATABASE_URL set — CI's second pass) and are not collected at all without it.
  testIgnore: process.env.DATABASE_URL ? [] : ["**/concurrency.spec.ts", "**/two-instances.spec.ts"],
  fullyParallel: false,
  workers: 2,
  // On CI: a stray test.only fails the run, and a failed test gets one retry with a trace. A test that passes
  // only on its retry is flaky: the list reporter counts it ("1 flaky") and e2e/retried-reporter.ts names it.
  forbidOnly: Boolean(process.env.CI),
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI
    ? [["list"], ["./e2e/retried-reporter.ts"]]
    : [["list"], ["./e2e/retried-reporter.ts"], ["html", { open: "never" }]],
  use: {
    baseURL,
    trace: process.env.CI ? "on-first-retry" : "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath: systemChromium,
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-quic",
            "--no-first-run",
          ],
        },
      },
    },
  ],
  // The main test server: `npm run build`, then `npm start` through the test-server harness; stopped after the run.
  globalSetup: "./e2e/support/global-setup.ts",
});
