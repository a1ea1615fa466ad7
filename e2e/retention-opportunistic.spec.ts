import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { startServer } from "./support/server";
import type { Planted } from "./support/retention-fixture";

/**
 * Retention without a scheduler, in the real server: rows that nobody can use any more (an expired session, an
 * expired refresh family, an ended rate-limit bucket, an auth event past the retention) are planted in a private
 * PGlite folder before `next start` opens it, next to live ones. One failed sign-in — nothing else — starts the
 * opportunistic pass (Next.js `after()`, after the response); a SIGTERM lets it finish; then the folder is read
 * back: the dead rows are gone, the live ones are all there. The table-by-table rules are in
 * lib/retention/prune.test.ts.
 */

const root = mkdtempSync(path.join(tmpdir(), "svt-e2e-retention-"));
const onFolder = { PGLITE_DIR: path.join(root, "pglite"), DATABASE_URL: "" };

function fixture(mode: "plant" | "check", planted?: Planted) {
  const result = spawnSync(
    "npx",
    ["tsx", "--conditions=react-server", "--tsconfig", "tsconfig.json", "e2e/support/retention-fixture.ts", mode],
    {
      env: { ...process.env, ...onFolder, RETENTION_FIXTURE: planted ? JSON.stringify(planted) : "" },
      encoding: "utf8",
    },
  );
  if (result.status !== 0) throw new Error(`retention fixture ${mode} failed:\n${result.stderr}`);
  return JSON.parse(result.stdout.trim().split("\n").at(-1)!);
}

test.afterAll(() => rmSync(root, { recursive: true, force: true }));

test("a failed sign-in prunes what is dead and nothing that is live, after the response", async () => {
  test.setTimeout(120_000);
  const planted = fixture("plant") as Planted;
  const server = await startServer(Number(process.env.E2E_PORT ?? 3210) + 4, onFolder);
  try {
    const response = await fetch(`${server.url}/api/session/login`, {
      method: "POST",
      headers: { origin: server.url, "content-type": "application/json" },
      body: JSON.stringify({ email: "nobody-retention@example.com", password: "not the password" }),
    });
    expect(response.status).toBe(401);
  } finally {
    await server.stop();
  }
  await expect.poll(() => existsSync(`${onFolder.PGLITE_DIR}.lock`), { timeout: 15_000 }).toBe(false);
  expect(fixture("check", planted)).toEqual({
    expired: { session: false, token: false, event: false, bucket: false },
    live: { session: true, token: true, event: true, bucket: true },
  });
});
