import type { Probe } from "@/lib/labs/probe";

/** What a lab reports: what it did (steps), and per credential what the endpoint answered before and after. */
export type LabRow = {
  key: string;
  area: "session" | "token" | "bearer";
  label: string;
  before?: Probe;
  after: Probe;
  /** "refused" when the last answer was a 4xx. */
  outcome: "refused" | "accepted";
  note: string;
};

export type LabResult = { lab: string; ranAt: string; steps: string[]; rows: LabRow[]; notes: string[] };

export function row(
  key: string,
  area: LabRow["area"],
  label: string,
  after: Probe,
  note: string,
  before?: Probe,
): LabRow {
  return { key, area, label, before, after, outcome: after.status >= 400 ? "refused" : "accepted", note };
}
