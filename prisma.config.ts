import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";

// Prisma 6.19 on WASM engines: with `engine: "js"` and a driver adapter, no CLI command downloads a native
// engine. Every CLI call still needs DATABASE_URL (see docs/decisions/0001-prisma-6-wasm-driver-adapters.md).
const connectionString =
  process.env.DIRECT_DATABASE_URL || process.env.DATABASE_URL_UNPOOLED || process.env.DATABASE_URL || "";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations"), seed: "tsx prisma/seed.ts" },
  adapter: async () => new PrismaPg({ connectionString }),
});
