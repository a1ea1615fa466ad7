// What a deployed function may hold (docs/decisions/0090-lean-functions.md), shared by the `vercel build`
// check and the standalone smoke run, so both hold the file set to the same rules.

/** The size budget of one function's files, in bytes (today ≈ 13–15 MB; it was ≈ 85 MB). */
export const FUNCTION_BUDGET_BYTES = 40 * 1024 * 1024;

/**
 * Files no deployed function may reference: the embedded PGlite database (it runs only without DATABASE_URL,
 * never on Vercel), Prisma's engines for other databases (or its old query engine: the client runs the
 * PostgreSQL query compiler only), and the separate verifier (its own Vercel project: a function of the app's
 * project would see AUTH_SECRET; docs/deploy-vercel.md).
 */
const FORBIDDEN = [
  {
    what: "the separate verifier (services/verifier)",
    test: (file) => /(^|\/)services\/verifier\//.test(file),
  },
  {
    what: "PGlite",
    test: (file) => /(^|\/)(@electric-sql\/pglite|pglite-prisma-adapter)(-[0-9a-f]+)?(\/|$)/.test(file),
  },
  {
    what: "a non-Postgres Prisma engine",
    test: (file) =>
      /query_(engine|compiler)_bg\.(cockroachdb|mysql|sqlite|sqlserver)\./.test(file) ||
      /query_engine_bg\.|libquery_engine|query-engine|schema-engine/.test(file),
  },
];

/** The first rule a file path breaks, or null. */
export function forbiddenReason(file) {
  return FORBIDDEN.find((rule) => rule.test(file.replaceAll("\\", "/")))?.what ?? null;
}

export const megabytes = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
