import { startServer as start, type Env, type TestServer } from "../../test/server-harness.mjs";

export type { TestServer };

/**
 * An extra `next start` from the build the main test server runs (same NEXT_DIST_DIR), through the one harness
 * (test/server-harness.mjs), with its own environment: for the outage test (a private Postgres it can stop), the
 * two-instance test (two processes, one database) and the servers with their own limits or database. Secrets
 * default to the main test server's, so credentials issued by one process verify on another.
 */
export function startServer(port: number, env: Env = {}): Promise<TestServer> {
  return start({
    port,
    env: {
      SESSION_SECRET: process.env.E2E_SESSION_SECRET,
      AUTH_SECRET: process.env.E2E_AUTH_SECRET,
      BEARER_SIGNING_KEYS: process.env.E2E_BEARER_SIGNING_KEYS,
      ...env,
    },
  });
}
