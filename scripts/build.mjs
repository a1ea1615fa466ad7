#!/usr/bin/env node
// `npm run build`: applies the committed migrations when a Postgres database is configured, then builds.
// On Vercel the embedded PGlite database cannot persist, so a missing DATABASE_URL fails the build at once.
// Migrations go over the direct (unpooled) URL when there is one — the same choice prisma.config.ts makes.
// The CLIs run on this very Node (process.execPath), not through `npx`: spawning `npx` needs a shell on Windows.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const PRISMA = require.resolve("prisma/build/index.js");
const NEXT = require.resolve("next/dist/bin/next");
const TSX = require.resolve("tsx/cli");

function run(command, args, failure) {
  const result = spawnSync(command, args, { stdio: "inherit", env: process.env });
  if (result.status !== 0) {
    if (failure) console.error(`\n${failure}\n`);
    process.exit(result.status ?? 1);
  }
}

/** host/database of a connection string, never its password (build logs are visible to the whole team). */
function describe(url) {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}${parsed.port ? `:${parsed.port}` : ""}${parsed.pathname}`;
  } catch {
    return "(unparsable URL)";
  }
}

// On Vercel a build that would deploy an app unable to start fails here instead, while the live deployment keeps
// serving: the production configuration is checked as the app will read it (scripts/check-config.ts).
if (process.env.VERCEL === "1") {
  run(process.execPath, [TSX, "--conditions=react-server", "--tsconfig", "tsconfig.json", "scripts/check-config.ts"]);
}

if (process.env.DATABASE_URL) {
  const direct = process.env.DIRECT_DATABASE_URL || process.env.DATABASE_URL_UNPOOLED;
  const target = direct || process.env.DATABASE_URL;
  const where = process.env.VERCEL_ENV ? ` (Vercel ${process.env.VERCEL_ENV} build)` : "";
  console.log(`Applying migrations (prisma migrate deploy) to ${describe(target)}${where}…`);
  if (!direct && /-pooler\.|pgbouncer=true/i.test(process.env.DATABASE_URL)) {
    console.warn(
      "Warning: DATABASE_URL looks like a pooled URL and no DIRECT_DATABASE_URL is set; migrations need a direct connection (docs/deploy-vercel.md).",
    );
  }
  run(
    process.execPath,
    [PRISMA, "migrate", "deploy"],
    "Build stopped: the migrations could not be applied. Check that the database is reachable from the build and, when DATABASE_URL is a pooled URL, that DIRECT_DATABASE_URL is the direct one — see docs/deploy-vercel.md.",
  );
} else if (process.env.VERCEL === "1") {
  console.error(
    "\nBuild stopped: DATABASE_URL is not set. On Vercel, add a Postgres database (for example Neon from the Vercel marketplace) and set DATABASE_URL — see docs/deploy-vercel.md.\n",
  );
  process.exit(1);
} else {
  console.log(
    "No DATABASE_URL: building for the embedded PGlite database (migrations are applied when the app opens it).",
  );
}
run(process.execPath, [NEXT, "build"]);
