import "server-only";
import { after } from "next/server";
import { pruneOnce, type PruneCounts } from "@/lib/retention/prune";
import { finishBeforeExit } from "@/lib/server/shutdown";

/**
 * Opportunistic retention: sign-in paths call `pruneSoon()`, which starts one bounded pass (lib/retention/prune.ts)
 * at most once per PRUNE_INTERVAL_MS per process. It never adds latency and never fails a request: inside a request
 * it runs after the response is sent (Next.js `after`, which Vercel keeps alive with waitUntil); elsewhere it
 * simply runs in the background. Errors are logged, never thrown; the next interval tries again.
 */

export const PRUNE_INTERVAL_MS = 5 * 60 * 1000;

/** The process-wide state of the opportunistic prune. */
type State = { nextAt: number; running: boolean; latest: Promise<PruneCounts | null> | null };
const globalForPrune = globalThis as unknown as { __svtPruneSoon?: State };
const state = (): State => (globalForPrune.__svtPruneSoon ??= { nextAt: 0, running: false, latest: null });

/** The latest pass started in this process, running or finished (tests wait for it). */
export function latestPrune(): Promise<PruneCounts | null> | null {
  return state().latest;
}

/** Forgets the interval, as in a fresh process (tests). */
export function resetPruneSoon(): void {
  globalForPrune.__svtPruneSoon = undefined;
}
/** Per table per pass. Small, so a pass costs a few milliseconds even on PGlite's single connection. */
const OPPORTUNISTIC_BATCH = 500;

/**
 * Starts a pass unless one ran less than PRUNE_INTERVAL_MS ago or is still running. Returns the pass (its counts,
 * or null if it failed) or null when none was started; callers on request paths ignore it.
 */
export function pruneSoon(options: { now?: number } = {}): Promise<PruneCounts | null> | null {
  const s = state();
  const now = options.now ?? Date.now();
  if (s.running || now < s.nextAt) return null;
  s.nextAt = now + PRUNE_INTERVAL_MS;
  let finish!: (counts: PruneCounts | null) => void;
  const done = new Promise<PruneCounts | null>((resolve) => (finish = resolve));
  s.running = true;
  // A SIGTERM lets it finish (lib/server/start.ts), so a pass is never cut off mid-batch.
  s.latest = finishBeforeExit(done);
  const pass = async () => {
    try {
      finish(await pruneOnce({ batch: OPPORTUNISTIC_BATCH }));
    } catch (error) {
      console.error("Opportunistic prune failed (it is retried at the next interval):", error);
      finish(null);
    } finally {
      s.running = false;
    }
  };
  try {
    after(pass); // inside a request: after the response has been sent
  } catch {
    void pass(); // outside a request (scripts, tests): in the background
  }
  return done;
}
