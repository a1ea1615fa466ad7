import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { PASSWORD, uniqueEmail } from "./helpers";
import { startServer, type TestServer } from "./support/server";

/**
 * Finding 8 of the invariants issue: two `next start` processes on one PGlite folder both started, both answered
 * healthy, and acknowledged writes were lost after a restart. Now (lib/server/db/pglite-lock.ts) the second process
 * refuses to start with one sentence naming the folder and the holder; `npm run db:prune` refuses the same way;
 * after a `kill -9` of the holder the next start takes the stale lock over and finds every acknowledged write;
 * a clean stop removes the lock. Real processes from the Playwright build, on a private PGlite folder (also in the
 * Postgres pass: DATABASE_URL is blanked for these servers).
 */

test.describe.configure({ mode: "serial" });

const BASE_PORT = Number(process.env.E2E_PORT ?? 3210);
const root = mkdtempSync(path.join(tmpdir(), "svt-e2e-single-writer-"));
const dir = path.join(root, "pglite");
const lockFile = `${dir}.lock`;
const onFolder = { PGLITE_DIR: dir, DATABASE_URL: "" };
const started: TestServer[] = [];

async function start(port: number) {
  const server = await startServer(port, onFolder);
  started.push(server);
  return server;
}

test.afterAll(async () => {
  await Promise.all(started.map((s) => s.stop()));
  rmSync(root, { recursive: true, force: true });
});

/** Dead, or killed and not yet reaped (a zombie: `kill(pid, 0)` still succeeds, but it holds nothing). */
function gone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  try {
    return readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]![0] === "Z";
  } catch {
    return true;
  }
}

function post(server: TestServer, route: string, body: unknown) {
  return fetch(`${server.url}${route}`, {
    method: "POST",
    headers: { origin: server.url, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

test("a second process on the folder refuses to start; kill -9 of the first leaves a lock the next start takes over", async () => {
  test.setTimeout(180_000);
  const first = await start(BASE_PORT + 5);
  const email = uniqueEmail("single-writer");
  const signup = await post(first, "/api/signup", { email, name: "Single Writer", password: PASSWORD });
  expect(signup.status).toBe(201); // acknowledged by the first process

  // The second process stops before it answers anything, with the sentence.
  let refusal = "";
  try {
    await start(BASE_PORT + 6);
  } catch (error) {
    refusal = String((error as Error).message);
  }
  // Before the fix it started and answered /api/health with 200 next to the first: the symptom.
  expect(refusal, "the second process on the folder must not start").toContain("exited early");
  const holder = JSON.parse(readFileSync(lockFile, "utf8")) as { pid: number; host: string };
  expect(refusal).toContain(
    `Cannot start: The PGlite folder ${dir} is in use by process ${holder.pid} on host ${holder.host}`,
  );
  expect(refusal).toContain("PGlite allows one process per folder");

  // The maintenance script opens the database the same way, so it refuses too (and touches nothing).
  const prune = spawnSync("npm", ["run", "--silent", "db:prune"], {
    env: { ...process.env, ...onFolder },
    encoding: "utf8",
  });
  expect(prune.status).toBe(1);
  expect(prune.stderr).toContain(`Cannot prune: The PGlite folder ${dir} is in use by process ${holder.pid}`);

  // The first process still serves, alone.
  expect((await fetch(`${first.url}/api/health`)).status).toBe(200);

  // A crash: the lock file stays behind, naming a process that no longer exists.
  const exited = new Promise((resolve) => first.process.once("exit", resolve));
  process.kill(-first.process.pid!, "SIGKILL");
  await exited;
  await expect.poll(() => gone(holder.pid), { timeout: 15_000 }).toBe(true);
  expect(existsSync(lockFile)).toBe(true);

  const next = await start(BASE_PORT + 7);
  const takenOver = JSON.parse(readFileSync(lockFile, "utf8")) as { pid: number };
  expect(takenOver.pid).not.toBe(holder.pid);
  const login = await post(next, "/api/session/login", { email, password: PASSWORD });
  expect(login.status, "the write acknowledged before the crash is there").toBe(200);

  // A clean stop (SIGTERM) closes the database and removes the lock.
  await next.stop();
  await expect.poll(() => existsSync(lockFile), { timeout: 15_000 }).toBe(false);
});
