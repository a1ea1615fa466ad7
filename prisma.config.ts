import path from "node:path";
import { defineConfig } from "prisma/config";
// The CLI's adapter only: @prisma/adapter-pg 7.10.1 under an npm alias (a devDependency). Prisma 6.19's own
// adapter makes `migrate deploy` fail ("Column type 'name' could not be deserialized", prisma issue 27403);
// the app runs on the 6.19 adapter of its client (docs/decisions/0091-one-prisma-major.md).
import { PrismaPg } from "@prisma/adapter-pg-cli";

// Prisma 6.19 on WASM engines: with `engine: "js"` and a driver adapter, no CLI command downloads a native
// engine. Every CLI call still needs DATABASE_URL (see docs/decisions/0001-prisma-6-wasm-driver-adapters.md).
// Migrations take the direct URL: DIRECT_DATABASE_URL, Neon's DATABASE_URL_UNPOOLED, else DATABASE_URL (which
// Prisma Postgres's integration sets to the direct one, with DATABASE_URL_POOLED for the app).
const connectionString =
  process.env.DIRECT_DATABASE_URL || process.env.DATABASE_URL_UNPOOLED || process.env.DATABASE_URL || "";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations"), seed: "tsx prisma/seed.ts" },
  adapter: async () => new PrismaPg({ connectionString }),
});
