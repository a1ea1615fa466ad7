import "server-only";
import type { CostResult } from "@/lib/labs/cost";
import type { LabResult } from "@/lib/labs/types";
import type { VerifierLabResult } from "@/lib/labs/verifier";
import type { ExpiryResult } from "@/lib/labs/expiry";
import { recordMeasurements } from "@/lib/verdict/store";
import {
  COST_CHECKS,
  CSRF_TARGETS,
  STOLEN_CREDENTIALS,
  type Measurement,
  type StolenEvent,
  type VerdictLab,
} from "@/lib/verdict/measurements";

/**
 * From a finished lab run to the verdict's measured cells (docs/decisions/0106-labs-feed-the-verdict.md): the
 * outcomes a lab really observed, as the store's keys and values. Called by `runLab` on the server after a run that
 * finished — never with anything a client sent, never for a refused or aborted request.
 */

type Finished = LabResult | CostResult | ExpiryResult | VerifierLabResult;

const STOLEN_LABS: Partial<Record<string, { lab: VerdictLab; event: StolenEvent }>> = {
  replay: { lab: "replay", event: "sign-out" },
  everywhere: { lab: "everywhere", event: "everywhere" },
};

/**
 * Whether a row's answer is a measurement of its credential: accepted (< 400) or refused by the check itself (401,
 * 403). A 429, a 409 or a 5xx is about the server at that moment (the lab's probes all come from one address, so
 * anyone running labs fast can fill its refresh counter), and a copy that was not accepted before the event proves
 * nothing by being refused after it: such rows are shown to the person who ran the lab but never recorded.
 */
function measured(row: { before?: { status: number }; after: { status: number } }): boolean {
  const { status } = row.after;
  if (row.before && row.before.status >= 400) return false;
  return status < 400 || status === 401 || status === 403;
}

/** What a finished run measured for the verdict, or null when the lab feeds no cell of it. */
export function measurementsOf(result: Finished): { lab: VerdictLab; measurements: Measurement[] } | null {
  if (result.lab === "cost") {
    const cost = result as CostResult;
    const measurements: Measurement[] = [];
    for (const check of COST_CHECKS) {
      const row = cost.rows.find((r) => r.key === check);
      // A check whose first call failed measured nothing worth showing.
      if (!row || !row.ok) continue;
      measurements.push({
        key: `cost:${check}`,
        value: {
          p50Us: row.p50,
          p99Us: row.p99,
          queries: row.queries,
          bytes: row.bytes,
          iterations: cost.iterations,
          database: cost.measured.kind,
        },
      });
    }
    return { lab: "cost", measurements };
  }
  if (result.lab === "cross-site") {
    const rows = (result as LabResult).rows;
    const measurements: Measurement[] = [];
    for (const target of CSRF_TARGETS) {
      const row = rows.find((r) => r.key === target);
      if (!row || !measured(row)) continue;
      measurements.push({
        key: `csrf:${target}`,
        value: { refused: row.outcome === "refused", status: row.after.status },
      });
    }
    return { lab: "cross-site", measurements };
  }
  const stolen = STOLEN_LABS[result.lab];
  if (stolen) {
    const rows = (result as LabResult).rows;
    const measurements: Measurement[] = [];
    for (const credential of STOLEN_CREDENTIALS) {
      const row = rows.find((r) => r.key === credential);
      if (!row || !measured(row)) continue;
      measurements.push({
        key: `stolen:${stolen.event}:${credential}`,
        value: { accepted: row.outcome === "accepted", status: row.after.status },
      });
    }
    return { lab: stolen.lab, measurements };
  }
  return null;
}

/**
 * Records what a finished run measured. A failure to record never costs the person their lab result: it is logged,
 * and the verdict keeps its older measurement (or says none exists yet).
 */
export async function recordLabRun(result: Finished): Promise<number> {
  const found = measurementsOf(result);
  if (!found || found.measurements.length === 0) return 0;
  try {
    await recordMeasurements(found.lab, found.measurements, new Date(result.finishedAt));
    return found.measurements.length;
  } catch (error) {
    console.error(`Recording the ${result.lab} lab's measurements failed:`, error);
    return 0;
  }
}
