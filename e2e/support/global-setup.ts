import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import path from "node:path";
import type { FullConfig } from "@playwright/test";
import { startServer, startVerifier, testServerEnv } from "../../test/server-harness.mjs";

/**
 * The main test server, through the one harness (test/server-harness.mjs): the production path as a user runs
 * it, `npm run build` (which applies the migrations when DATABASE_URL is set) then `npm start`, on the port of
 * the configured baseURL. Ready once /api/health answers 200 (it opens the database, so the first test never races
 * the first open). Without DATABASE_URL a fresh PGlite folder per run. Stopped with SIGTERM after the run, so the
 * app closes its database. The secrets come from playwright.config.ts (E2E_*), which the workers see too.
 * Beside it, the separate verifier (services/verifier), started with exactly the app's JWKS URL and a port; the app
 * knows where it answers (VERIFIER_URL) for the /compare lab.
 */
export default async function globalSetup(config: FullConfig) {
  const baseURL = config.projects[0]!.use.baseURL!;
  const port = Number(new URL(baseURL).port);
  const verifierPort = Number(process.env.E2E_VERIFIER_PORT);
  const env = {
    SESSION_SECRET: process.env.E2E_SESSION_SECRET,
    AUTH_SECRET: process.env.E2E_AUTH_SECRET,
    BEARER_SIGNING_KEYS: process.env.E2E_BEARER_SIGNING_KEYS,
    CRON_SECRET: process.env.E2E_CRON_SECRET,
    VERIFIER_URL: `http://localhost:${verifierPort}`,
    SEED_DEMO_USERS: "true",
    PGLITE_DIR: path.join(tmpdir(), `svt-e2e-pglite-${process.env.E2E_RUN_ID}`),
  };
  const build = spawnSync("npm", ["run", "build"], {
    stdio: "inherit",
    env: { ...process.env, ...testServerEnv(), ...env },
  });
  if (build.status !== 0) throw new Error(`npm run build failed (exit ${build.status ?? build.signal})`);
  const verifier = await startVerifier({
    port: verifierPort,
    jwksUrl: `${baseURL}/.well-known/jwks.json`,
    echo: "[Verifier] ",
  });
  // The workers inherit this: e2e/verifier.spec.ts reads what the verifier process holds.
  process.env.E2E_VERIFIER_PID = String(verifier.process.pid);
  const server = await startServer({ port, env, echo: "[WebServer] ", healthTimeoutMs: 120_000 }).catch(
    async (error) => {
      await verifier.stop();
      throw error;
    },
  );
  return async () => {
    await server.stop();
    await verifier.stop();
  };
}
