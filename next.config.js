// @ts-check

// Security headers on every response (pages also get a nonce-based CSP from proxy.ts). SECURITY.md lists them.
const STATIC_HEADERS = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
];
// JSON APIs are never rendered as documents: nothing may load in or frame them.
const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";
const HSTS = { key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" };

// Files the tracer would copy into every function that no deployed function runs: the embedded database and
// Prisma's engines for other databases (and source maps). Paths are relative to the project folder.
const TRACE_EXCLUDES = [
  "node_modules/@electric-sql/pglite/**",
  "node_modules/pglite-prisma-adapter/**",
  "node_modules/@prisma/client/runtime/query_engine_bg.*",
  "node_modules/@prisma/client/runtime/query_compiler_bg.{cockroachdb,mysql,sqlite,sqlserver}.*",
  "node_modules/@prisma/client/runtime/*.map",
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  // No "X-Powered-By: Next.js" header: it tells an attacker which framework (and often which version) to target.
  poweredByHeader: false,
  // The benchmark's build and nothing else (lib/server/bench-build.ts, docs/decisions/0110-bench-only-peers-and-ablations.md):
  // inlined into the server code here, so a normal build is constant "" whatever its server's environment says.
  env: { SVT_BENCH_BUILD: process.env.SVT_BENCH_BUILD === "1" ? "1" : "" },
  // Lets parallel builds (tests of several worktrees, the benchmark) use separate output folders.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // The committed migrations are read at run time (PGlite applies them; /api/health compares them).
  outputFileTracingIncludes: { "/**": ["./prisma/migrations/**/*"] },
  // What a deployed function never loads stays out of its file set (docs/decisions/0090-lean-functions.md):
  // PGlite runs only without DATABASE_URL (never on Vercel, which refuses to start without it), and the
  // generated client loads only the PostgreSQL query compiler. `npm run check:functions` enforces this.
  outputFileTracingExcludes: { "/**": TRACE_EXCLUDES },
  // `standalone` only when asked (CI's smoke run of the traced file set: scripts/standalone-smoke.mjs).
  ...(process.env.NEXT_OUTPUT === "standalone" ? { output: "standalone" } : {}),
  // PGlite ships a WASM Postgres and data files that must be loaded from node_modules at run time, not bundled.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "@node-rs/argon2"],
  async headers() {
    return [
      { source: "/:path*", headers: STATIC_HEADERS },
      // Files and responses the proxy never sees (favicon, robots.txt, static chunks): no framing, no plugins.
      // Pages get the full nonce-based policy from proxy.ts in addition; browsers enforce both, and this one
      // restricts nothing that policy allows.
      {
        source: "/((?!api/|\\.well-known/).*)",
        headers: [
          { key: "Content-Security-Policy", value: "object-src 'none'; base-uri 'none'; frame-ancestors 'none'" },
        ],
      },
      // The published key set (/.well-known/jwks.json): JSON like the APIs, but public and cacheable (its route
      // sends its own Cache-Control), so not the no-store rule below.
      { source: "/.well-known/:path*", headers: [{ key: "Content-Security-Policy", value: API_CSP }] },
      {
        source: "/api/:path*",
        headers: [
          { key: "Content-Security-Policy", value: API_CSP },
          // Every API answer is about a credential or an account, including Auth.js's own endpoints (its
          // callback and sign-out set or clear the session cookie and send no Cache-Control of their own).
          { key: "Cache-Control", value: "no-store" },
        ],
      },
      // HSTS only when the request reached us over https (a proxy in front says so); never on plain http.
      { source: "/:path*", has: [{ type: "header", key: "x-forwarded-proto", value: "https" }], headers: [HSTS] },
    ];
  },
};

module.exports = nextConfig;
