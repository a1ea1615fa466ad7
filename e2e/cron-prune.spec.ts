import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { startServer, type TestServer } from "./support/server";

/**
 * GET /api/cron/prune (Vercel Cron, vercel.json): only `Authorization: Bearer $CRON_SECRET` runs the retention pass;
 * every other request is refused before anything runs — 401 for a missing or wrong secret, 405 for any other
 * method, 404 on a deployment without CRON_SECRET. Cron sends no Origin, and proxy.ts must not stand in its way.
 * The main test server has CRON_SECRET = E2E_CRON_SECRET (playwright.config.ts). What a pass deletes, table by
 * table, is proven in lib/retention/prune.test.ts.
 */

const SECRET = process.env.E2E_CRON_SECRET!;
const ROUTE = "/api/cron/prune";
const cron = (baseURL: string, init: RequestInit = {}) => fetch(`${baseURL}${ROUTE}`, init);

test("the right bearer secret runs a pass and gets the counts per table", async ({ baseURL }) => {
  const response = await cron(baseURL!, { headers: { authorization: `Bearer ${SECRET}` } });
  expect(response.status).toBe(200);
  expect(response.headers.get("cache-control")).toBe("no-store");
  const body = await response.json();
  expect(body).toMatchObject({ complete: true, rounds: expect.any(Number) });
  expect(Object.keys(body.pruned).sort()).toEqual([
    "authEvents",
    "labIdentities",
    "rateLimits",
    "refreshTokens",
    "sessions",
  ]);
  for (const count of Object.values(body.pruned)) expect(count).toEqual(expect.any(Number));
});

test("a missing or wrong secret is 401 and runs nothing", async ({ baseURL }) => {
  const attempts: Record<string, string | undefined> = {
    missing: undefined,
    empty: "Bearer ",
    wrong: `Bearer ${SECRET.slice(0, -1)}x`,
    longer: `Bearer ${SECRET}x`,
    prefix: `Bearer ${SECRET.slice(0, 10)}`,
    "lower-case scheme": `bearer ${SECRET}`,
    "no scheme": SECRET,
    basic: `Basic ${Buffer.from(`cron:${SECRET}`).toString("base64")}`,
  };
  for (const [name, authorization] of Object.entries(attempts)) {
    const response = await cron(baseURL!, { headers: authorization ? { authorization } : {} });
    expect(response.status, name).toBe(401);
    expect(response.headers.get("www-authenticate"), name).toContain("Bearer");
    const body = await response.json();
    expect(body.pruned, name).toBeUndefined();
    expect(JSON.stringify(body), name).not.toContain(SECRET.slice(0, 10));
  }
});

test("every method but GET is 405, even with the right secret", async ({ baseURL }) => {
  for (const method of ["POST", "PUT", "PATCH", "DELETE", "HEAD"]) {
    const response = await cron(baseURL!, {
      method,
      headers: { authorization: `Bearer ${SECRET}`, origin: baseURL!, "content-type": "application/json" },
      body: method === "HEAD" ? undefined : "{}",
    });
    expect(response.status, method).toBe(405);
    expect(response.headers.get("allow"), method).toContain("GET");
  }
});

test.describe("without CRON_SECRET", () => {
  const root = mkdtempSync(path.join(tmpdir(), "svt-e2e-cron-"));
  let server: TestServer;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    const port = Number(process.env.E2E_PORT ?? 3210) + 8;
    server = await startServer(port, { CRON_SECRET: "", DATABASE_URL: "", PGLITE_DIR: path.join(root, "pglite") });
  });

  test.afterAll(async () => {
    await server?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  test("the endpoint does not exist: 404 whatever the Authorization header", async () => {
    for (const authorization of [undefined, "Bearer ", `Bearer ${SECRET}`, "Bearer undefined"]) {
      const response = await cron(server.url, { headers: authorization ? { authorization } : {} });
      expect(response.status, String(authorization)).toBe(404);
      expect((await response.json()).pruned).toBeUndefined();
    }
  });
});
