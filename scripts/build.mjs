#!/usr/bin/env node
// `npm run build`: applies the committed migrations when a Postgres database is configured, then builds.
// On Vercel the embedded PGlite database cannot persist, so a missing DATABASE_URL fails the build at once.
import { spawnSync } from "node:child_process";

function run(command, args) {
  const result = spawnSync(command, args, { stdio: "inherit", env: process.env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (process.env.DATABASE_URL) {
  console.log("Applying migrations (prisma migrate deploy)…");
  run("npx", ["prisma", "migrate", "deploy"]);
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
run("npx", ["next", "build"]);
