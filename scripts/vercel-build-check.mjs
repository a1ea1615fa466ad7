#!/usr/bin/env node
// CI's `vercel build` step: builds the app exactly as Vercel does (the pinned CLI, offline, a throw-away
// project link) against a FRESH Postgres database in DATABASE_URL, then checks what it produced:
//   - the build applied every committed migration to that database;
//   - .vercel/output has a function for each dynamic route, every one with runtime nodejs24.x;
//   - no function references more than 40 MB of files, nor PGlite, nor a non-Postgres Prisma engine, nor the
//     separate verifier (services/verifier: its own project)
//     (a local build lists a function's files in its .vc-config.json filePathMap instead of copying them).
// Prints each function's size. Exit code 0 when every check holds.
//
//   DATABASE_URL=postgresql://…/fresh_db node scripts/vercel-build-check.mjs
//
// docs/deploy-vercel.md describes the same build on Vercel; docs/decisions/0090-lean-functions.md why.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import pg from "pg";
import { newBearerKey } from "../test/server-harness.mjs";
import { forbiddenReason, FUNCTION_BUDGET_BYTES, megabytes } from "./lib/function-budget.mjs";

const VERCEL_CLI = "vercel@58.10.0"; // the newest that installs from the registry here (TOOLCHAIN.md)
const RUNTIME = "nodejs24.x";
// Routes whose functions must exist (a page, the JSON APIs of each area, Auth.js, the health check).
const REQUIRED = [
  "index",
  "session",
  "token",
  "api/health",
  "api/auth/[...nextauth]",
  "api/session/login",
  "api/bearer/login",
];

const url = process.env.DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL is not set: the check needs a fresh Postgres database for the build to migrate.");
  process.exit(1);
}

const failures = [];
const fail = (message) => {
  failures.push(message);
  console.log(`  ✗ ${message}`);
};
const pass = (message) => console.log(`  ✓ ${message}`);

async function appliedMigrations() {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const table = await client.query("SELECT to_regclass('public._prisma_migrations') AS t");
    if (!table.rows[0].t) return null;
    const rows = await client.query(
      "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL",
    );
    return rows.rows.map((r) => r.migration_name).sort();
  } finally {
    await client.end();
  }
}

// --- 1. a fresh database ---------------------------------------------------------------------------------------
if ((await appliedMigrations()) !== null) {
  console.error(
    "DATABASE_URL already has migrations: give the check a fresh database, so it sees the build apply them.",
  );
  process.exit(1);
}

// --- 2. the build ----------------------------------------------------------------------------------------------
const link = path.join(".vercel", "project.json");
const ownLink = !existsSync(link); // never overwrite a developer's real project link
if (ownLink) {
  mkdirSync(".vercel", { recursive: true });
  writeFileSync(link, JSON.stringify({ projectId: "prj_ci", orgId: "team_ci", settings: { framework: "nextjs" } }));
}
rmSync(path.join(".vercel", "output"), { recursive: true, force: true });
const env = {
  ...process.env,
  SESSION_SECRET: process.env.SESSION_SECRET || randomBytes(32).toString("base64url"),
  AUTH_SECRET: process.env.AUTH_SECRET || randomBytes(32).toString("base64url"),
  BEARER_SIGNING_KEYS: process.env.BEARER_SIGNING_KEYS || newBearerKey(),
};
delete env.NEXT_DIST_DIR; // Vercel reads the build from .next
// The same build also writes .next/standalone, which scripts/standalone-smoke.mjs --prebuilt then runs: the
// smoke run exercises this very build's traced file set (Vercel's builder reads the same traces).
env.NEXT_OUTPUT = "standalone";
const started = Date.now();
const build = spawnSync("npx", ["-y", VERCEL_CLI, "build", "--yes"], { stdio: "inherit", env });
if (ownLink) rmSync(link, { force: true });
const seconds = ((Date.now() - started) / 1000).toFixed(0);
if (build.status !== 0) {
  console.error(`\n${VERCEL_CLI} build failed (exit ${build.status}) after ${seconds} s.`);
  process.exit(1);
}
console.log(`\n${VERCEL_CLI} build took ${seconds} s. Checking its output:`);

// --- 3. migrations -------------------------------------------------------------------------------------------
const committed = readdirSync(path.join("prisma", "migrations"), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(path.join("prisma", "migrations", entry.name, "migration.sql")))
  .map((entry) => entry.name)
  .sort();
const applied = (await appliedMigrations()) ?? [];
if (committed.length > 0 && JSON.stringify(applied) === JSON.stringify(committed))
  pass(`the build applied all ${committed.length} committed migrations to the fresh database`);
else fail(`migrations: committed [${committed.join(", ")}], applied [${applied.join(", ")}]`);

// --- 4. functions ----------------------------------------------------------------------------------------------
const root = path.join(".vercel", "output", "functions");
/** Every `*.func` under the output (folders, or symlinks to a folder another route shares). */
function functionsUnder(dir, prefix = "") {
  const found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const name = prefix + entry.name;
    if (entry.name.endsWith(".func")) found.push({ name: name.slice(0, -".func".length), dir: full });
    else if (entry.isDirectory()) found.push(...functionsUnder(full, `${name}/`));
  }
  return found;
}
function filesIn(dir, prefix = "") {
  const files = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...filesIn(full, `${prefix}${entry.name}/`));
    else files.push({ name: `${prefix}${entry.name}`, source: full });
  }
  return files;
}

const functions = existsSync(root) ? functionsUnder(root) : [];
const measured = new Map(); // real folder → { bytes, forbidden, runtime, names }
for (const fn of functions) {
  const real = realpathSync(fn.dir);
  if (!measured.has(real)) {
    const config = JSON.parse(readFileSync(path.join(real, ".vc-config.json"), "utf8"));
    // The files Vercel uploads: those copied into the folder plus those referenced by filePathMap.
    const files = [
      ...filesIn(real),
      ...Object.entries(config.filePathMap ?? {}).map(([name, source]) => ({ name, source })),
    ];
    let bytes = 0;
    const forbidden = [];
    for (const file of files) {
      bytes += statSync(file.source).size;
      const reason = forbiddenReason(file.name) ?? forbiddenReason(file.source);
      if (reason) forbidden.push(`${file.name} (${reason})`);
    }
    measured.set(real, { bytes, files: files.length, forbidden, runtime: config.runtime, names: [] });
  }
  measured.get(real).names.push(fn.name);
}

console.log(
  `\n  ${functions.length} functions in ${measured.size} distinct file sets (size = sum of the files each references):`,
);
for (const fn of functions.sort((a, b) => a.name.localeCompare(b.name))) {
  const m = measured.get(realpathSync(fn.dir));
  const owner = path.relative(root, realpathSync(fn.dir)).replaceAll(path.sep, "/").slice(0, -".func".length);
  const shared = lstatSync(fn.dir).isSymbolicLink() ? ` (shares ${owner}'s files)` : "";
  console.log(`    ${megabytes(m.bytes).padStart(8)}  ${m.runtime}  ${fn.name}${shared}`);
}
console.log("");

const missing = REQUIRED.filter((name) => !functions.some((fn) => fn.name === name));
if (missing.length) fail(`missing functions: ${missing.join(", ")}`);
else pass(`the functions of ${REQUIRED.join(", ")} exist`);

const wrongRuntime = [...measured.values()].filter((m) => m.runtime !== RUNTIME);
if (wrongRuntime.length)
  fail(`runtime is not ${RUNTIME} for ${wrongRuntime.map((m) => `${m.names[0]} (${m.runtime})`).join(", ")}`);
else pass(`every function runs on ${RUNTIME}`);

const largest = Math.max(0, ...[...measured.values()].map((m) => m.bytes));
const over = [...measured.values()].filter((m) => m.bytes > FUNCTION_BUDGET_BYTES);
if (over.length)
  fail(
    `over the ${megabytes(FUNCTION_BUDGET_BYTES)} budget: ${over.map((m) => `${m.names[0]} ${megabytes(m.bytes)}`).join(", ")}`,
  );
else pass(`no function exceeds ${megabytes(FUNCTION_BUDGET_BYTES)} (largest ${megabytes(largest)})`);

const tainted = [...measured.values()].filter((m) => m.forbidden.length);
if (tainted.length)
  fail(
    `functions reference files no deployed function may hold:\n      ${tainted.map((m) => `${m.names[0]}: ${m.forbidden.slice(0, 5).join(", ")}${m.forbidden.length > 5 ? ", …" : ""}`).join("\n      ")}`,
  );
else pass("no function references PGlite, a non-Postgres Prisma engine or the separate verifier");

if (failures.length) {
  console.log(`\nvercel build check: ${failures.length} failed`);
  process.exit(1);
}
console.log(
  `\nvercel build check passed (${functions.length} functions, largest ${megabytes(largest)}, build ${seconds} s)`,
);
