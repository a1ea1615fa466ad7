import "server-only";
import { labOwner } from "@/lib/strategy/credential-policy";
import type { CurrentSignIn } from "@/lib/strategy/viewer";
import { openLab, type LabContext, type LabProgress } from "@/lib/labs/context";
import { COST_TITLE, DEFAULT_ITERATIONS, runCostLab, type CostResult } from "@/lib/labs/cost";
import { CROSS_SITE_TITLE, runCrossSiteLab } from "@/lib/labs/cross-site";
import { EVERYWHERE_TITLE, runEverywhereLab } from "@/lib/labs/everywhere";
import { EXPIRY_TITLE, runExpiryLab, type ExpiryResult } from "@/lib/labs/expiry";
import { REPLAY_TITLE, runReplayLab } from "@/lib/labs/replay";
import { runVerifierLab, VERIFIER_TITLE, type VerifierLabResult } from "@/lib/labs/verifier";
import { checkLabName, runStaleClaimsLab, STALE_CLAIMS_TITLE } from "@/lib/labs/stale-claims";
import { recordLabRun } from "@/lib/labs/record";
import type { FieldErrors } from "@/lib/security/http";
import type { LabName, LabResult } from "@/lib/labs/types";

/**
 * The labs as a library: one registry, and `runLab` / `runAllLabs`, which make a fresh lab identity for each run and
 * return the structured result (every outcome with its risk level, credential, event and measurements). The route
 * (app/api/compare/[lab]) streams what they report; any other module — a verdict page, a script — can run them and
 * read the same values without going through the UI.
 */

export type AnyLabResult = LabResult | CostResult | ExpiryResult | VerifierLabResult;

export type LabInput = { name?: unknown; iterations?: number };

type Definition = {
  title: string;
  /** Checks the input before anything is written (no lab identity, no device). */
  check?: (input: LabInput) => { ok: true } | { ok: false; fields: FieldErrors };
  run: (lab: LabContext, input: LabInput) => Promise<AnyLabResult | { ok: false; fields: FieldErrors }>;
};

export const LABS: Record<LabName, Definition> = {
  replay: { title: REPLAY_TITLE, run: (lab) => runReplayLab(lab) },
  everywhere: { title: EVERYWHERE_TITLE, run: (lab) => runEverywhereLab(lab) },
  "stale-claims": {
    title: STALE_CLAIMS_TITLE,
    check: (input) => checkLabName(input.name),
    run: async (lab, input) => {
      const outcome = await runStaleClaimsLab(lab, input.name);
      return outcome.ok ? outcome.result : outcome;
    },
  },
  "cross-site": { title: CROSS_SITE_TITLE, run: (lab) => runCrossSiteLab(lab) },
  cost: { title: COST_TITLE, run: (lab, input) => runCostLab(lab, input.iterations ?? DEFAULT_ITERATIONS) },
  expiry: { title: EXPIRY_TITLE, run: (lab) => runExpiryLab(lab) },
  verifier: { title: VERIFIER_TITLE, run: (lab) => runVerifierLab(lab) },
};

export const LAB_NAMES = Object.keys(LABS) as LabName[];

export type LabRun =
  { ok: true; result: AnyLabResult } | { ok: false; status: 400 | 401 | 503; error: string; fields?: FieldErrors };

/**
 * What must pass before a lab writes anything (a lab identity, a device, a rate-limit hit): the input, and a viewer
 * that may own lab identities (a real account whose sign-in passes the strictest check).
 */
export async function checkLab(name: LabName, viewer: CurrentSignIn, input: LabInput = {}): Promise<LabRun | null> {
  const checked = LABS[name].check?.(input);
  if (checked && !checked.ok) return { ok: false, status: 400, error: "Choose another name.", fields: checked.fields };
  if (!(await labOwner(viewer))) {
    return {
      ok: false,
      status: 401,
      error: "This sign-in has ended (the account is gone, or it predates a password change).",
    };
  }
  return null;
}

/**
 * Runs one lab for the signed-in viewer on a new lab identity of theirs. `progress` receives what the lab reports
 * as it goes; `signal` stops a long lab early. What a finished run measured is recorded for the verdict.
 */
export async function runLab(
  name: LabName,
  viewer: CurrentSignIn,
  base: string,
  input: LabInput = {},
  options: { progress?: (event: LabProgress) => void; signal?: AbortSignal; requestHeaders?: Headers } = {},
): Promise<LabRun> {
  const definition = LABS[name];
  const refused = await checkLab(name, viewer, input);
  if (refused) return refused;
  const opened = await openLab(viewer, base, "Lab identity", options);
  if (!opened.ok) return opened;
  const result = await definition.run(opened.lab, input);
  if ("ok" in result) return { ok: false, status: 400, error: "Choose another name.", fields: result.fields };
  // A finished run feeds the verdict's measured cells (lib/labs/record.ts); a refused request never got here.
  await recordLabRun(result);
  return { ok: true, result };
}

/**
 * Runs every lab (by default all but the minute-long expiry lab) one after the other, each on its own lab identity,
 * and returns their results in order: the measured values a verdict can be built from.
 */
export async function runAllLabs(
  viewer: CurrentSignIn,
  base: string,
  options: { labs?: LabName[]; input?: LabInput; requestHeaders?: Headers } = {},
): Promise<Array<{ lab: LabName; run: LabRun }>> {
  const names = options.labs ?? LAB_NAMES.filter((n) => n !== "expiry");
  const runs: Array<{ lab: LabName; run: LabRun }> = [];
  for (const name of names) {
    const input = name === "stale-claims" ? { name: "Renamed lab identity", ...options.input } : (options.input ?? {});
    runs.push({ lab: name, run: await runLab(name, viewer, base, input, { requestHeaders: options.requestHeaders }) });
  }
  return runs;
}

export type { LabName, LabResult, LabProgress };
