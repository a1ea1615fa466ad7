#!/usr/bin/env node
// `npm install`'s postinstall: generates the Prisma client. Prisma 6.19's CLI needs DATABASE_URL for every
// command, even `generate` (without it, it tries to download a native engine); generating connects to
// nothing, so a placeholder is enough when none is set. A Node script, not shell syntax: it runs the same in
// cmd.exe, PowerShell and sh.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const env = { ...process.env, DATABASE_URL: process.env.DATABASE_URL || "postgresql://localhost/placeholder" };
const result = spawnSync(process.execPath, [require.resolve("prisma/build/index.js"), "generate"], {
  stdio: "inherit",
  env,
});
process.exit(result.status ?? 1);
