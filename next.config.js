// @ts-check

/** @type {import('next').NextConfig} */
const nextConfig = {
  // No "X-Powered-By: Next.js" header: it tells an attacker which framework (and often which version) to target.
  poweredByHeader: false,
  // Lets parallel builds (tests of several worktrees, the benchmark) use separate output folders.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // PGlite ships a WASM Postgres and data files that must be loaded from node_modules at run time, not bundled.
  // The committed migrations are read at run time (PGlite applies them; /api/health compares them).
  outputFileTracingIncludes: { "/**": ["./prisma/migrations/**/*"] },
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "@node-rs/argon2"],
};

module.exports = nextConfig;
