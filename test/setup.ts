import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll } from "vitest";

// Database-backed unit tests run against real Postgres when DATABASE_URL is set (CI's second pass), and
// otherwise against a fresh PGlite database per test file. Never a mock of our own database.
process.env.SEED_DEMO_USERS ??= "false";
// Unit tests call the modules as a trusted proxy would, naming each request's client in X-Forwarded-For.
process.env.TRUSTED_PROXY ??= "any";
if (!process.env.DATABASE_URL) {
  process.env.PGLITE_DIR = mkdtempSync(path.join(tmpdir(), "svt-unit-pglite-"));
}

afterAll(async () => {
  const { closeDb } = await import("@/lib/server/db");
  await closeDb();
});
