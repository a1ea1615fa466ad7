import "server-only";
/**
 * The benchmark's build (`npm run bench`, bench/setup.mjs) and nothing else: docs/decisions/0110-bench-only-peers-and-ablations.md.
 *
 * `SVT_BENCH_BUILD` is fixed when the app is built: next.config.js inlines it into the server code (`env`), as
 * "1" only when the build ran with SVT_BENCH_BUILD=1 and as "" otherwise. So in a normal `npm run build` both
 * switches below are constant false — setting the variable when such a build starts changes nothing — and:
 * - the library-default peer routes under app/api/bench/ answer 404 (e2e/bench-routes.spec.ts);
 * - `BENCH_ABLATE` is never read, so no cache of verified credentials and no batching can be switched off.
 * Outside Next.js (unit tests, scripts) the variable is read from the environment, where nothing sets it.
 */

export type Ablation = "unseal-cache" | "decode-cache" | "verify-cache" | "session-batch";
export const ABLATIONS: readonly Ablation[] = ["unseal-cache", "decode-cache", "verify-cache", "session-batch"];

/** True only in the benchmark's build. */
export function isBenchBuild(): boolean {
  return process.env.SVT_BENCH_BUILD === "1";
}

let ablated: ReadonlySet<string> | undefined;

/**
 * Whether the benchmark switched this optimisation off for the whole process (`BENCH_ABLATE=unseal-cache,…`, read
 * once, at the first call): the ablation rows of `npm run bench` measure the same check without it. Always false
 * outside the benchmark's build.
 */
export function isAblated(name: Ablation): boolean {
  if (!isBenchBuild()) return false;
  ablated ??= new Set((process.env.BENCH_ABLATE ?? "").split(",").map((s) => s.trim()));
  return ablated.has(name);
}
