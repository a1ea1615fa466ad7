import type { PruneCounts } from "@/lib/retention/prune";

/**
 * The process-wide state of the opportunistic prune (lib/retention/soon.ts). Apart from it, and importing no
 * driver, so that the SIGTERM handler in lib/server/start.ts can wait for a running pass without pulling the
 * database drivers into every deployed function (docs/decisions/0090-lean-functions.md).
 */
type State = { nextAt: number; running: boolean; latest: Promise<PruneCounts | null> | null };
const globalForPrune = globalThis as unknown as { __svtPruneSoon?: State };

export const state = (): State => (globalForPrune.__svtPruneSoon ??= { nextAt: 0, running: false, latest: null });

/** The latest pass started in this process, running or finished (tests and the SIGTERM handler wait for it). */
export function latestPrune(): Promise<PruneCounts | null> | null {
  return state().latest;
}

/** Forgets the interval, as in a fresh process (tests). */
export function resetPruneSoon(): void {
  globalForPrune.__svtPruneSoon = undefined;
}
