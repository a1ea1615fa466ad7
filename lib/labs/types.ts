import type { Probe } from "@/lib/labs/probe";
import { worstRisk, type Risk } from "@/lib/labs/risk";

/**
 * What a lab reports, as data: every outcome names the credential, the event it went through, what was measured
 * (each probe with its request, status and time) and a machine-readable risk level with the risk in words. The page
 * renders it (app/compare); any other module can run the labs and read the same values (lib/labs/index.ts).
 */

export type Area = "session" | "token" | "bearer";

export type LabRow = {
  /** Stable per lab: what tests, the page and other modules refer to. */
  key: string;
  area: Area;
  /** The credential, in words. */
  label: string;
  /** What happened to the credential before `after` was measured. */
  event: string;
  /** What it answered before the event (the baseline), when the lab measured that. */
  before?: Probe;
  /** What it answered after the event. */
  after: Probe;
  /** "refused" when the last answer was a 4xx. A fact about HTTP, not a judgement. */
  outcome: "refused" | "accepted";
  /** The judgement: what `after` means for security. */
  risk: Risk;
  /** The risk in words, for this credential. */
  verdict: string;
  /** Why it behaves so. */
  note: string;
};

/** The throw-away identity a lab acted on (never the account that ran it). */
export type LabIdentitySummary = { id: string; name: string; email: string; createdAt: string; expiresAt: string };

export type LabName = "replay" | "everywhere" | "stale-claims" | "cross-site" | "cost" | "expiry" | "verifier";

export type LabResult = {
  lab: LabName;
  title: string;
  ranAt: string;
  finishedAt: string;
  identity: LabIdentitySummary;
  steps: string[];
  rows: LabRow[];
  notes: string[];
  /** The worst risk among the rows. */
  risk: Risk;
};

/** How a row is judged: the risk and its words when the credential was accepted, and when it was refused. */
export type Judgement = { accepted: [Risk, string]; refused: [Risk, string] };

export function row(spec: {
  key: string;
  area: Area;
  label: string;
  event: string;
  after: Probe;
  before?: Probe;
  judge: Judgement;
  note: string;
}): LabRow {
  const accepted = spec.after.status < 400;
  const [risk, verdict] = accepted ? spec.judge.accepted : spec.judge.refused;
  return {
    key: spec.key,
    area: spec.area,
    label: spec.label,
    event: spec.event,
    before: spec.before,
    after: spec.after,
    outcome: accepted ? "accepted" : "refused",
    risk,
    verdict,
    note: spec.note,
  };
}

/** The judgement of a credential that should have ended: refused is safe; still accepted is `risk`. */
export function shouldHaveEnded(stillWorks: [Risk, string], ended = "Ended: a stolen copy is refused."): Judgement {
  return { accepted: stillWorks, refused: ["safe", ended] };
}

export function labResult(base: Omit<LabResult, "risk" | "finishedAt"> & { finishedAt?: string }): LabResult {
  return {
    ...base,
    finishedAt: base.finishedAt ?? new Date().toISOString(),
    risk: worstRisk(base.rows.map((r) => r.risk)),
  };
}
