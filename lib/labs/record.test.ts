import { describe, expect, it } from "vitest";
import type { CostResult, CostRow } from "@/lib/labs/cost";
import type { Probe } from "@/lib/labs/probe";
import { measurementsOf, recordLabRun } from "@/lib/labs/record";
import type { LabResult, LabRow } from "@/lib/labs/types";
import { readMeasurements } from "@/lib/verdict/store";

/**
 * A finished lab run becomes the verdict's measurements: the keys and values the store takes, written on the real
 * database. (The e2e spec e2e/verdict-measured.spec.ts runs the labs for real and reads /verdict.)
 */

const probe = (status: number): Probe => ({
  request: "GET /api/x",
  at: new Date().toISOString(),
  ms: 1,
  status,
  name: null,
  queries: null,
  error: null,
  allowOrigin: null,
});
const labRow = (key: string, status: number): LabRow => ({
  key,
  area: "session",
  label: key,
  event: "after",
  after: probe(status),
  outcome: status < 400 ? "accepted" : "refused",
  risk: "safe",
  verdict: "",
  note: "",
});
const lab = (name: LabResult["lab"], rows: LabRow[], finishedAt = new Date()): LabResult => ({
  lab: name,
  title: name,
  ranAt: finishedAt.toISOString(),
  finishedAt: finishedAt.toISOString(),
  identity: { id: "x", name: "Lab", email: "lab@lab.invalid", createdAt: "", expiresAt: "" },
  steps: [],
  rows,
  notes: [],
  risk: "safe",
});

describe("a lab run feeds the verdict", () => {
  it("records the replay lab's outcome per credential, not the rows that are no stolen copy", async () => {
    const at = new Date(Date.now() + 1_000);
    const result = lab(
      "replay",
      [
        labRow("session", 401),
        labRow("jwt", 200),
        labRow("jwt-revocation", 401),
        labRow("bearer-access", 200),
        labRow("bearer-refresh", 401),
      ],
      at,
    );
    expect(measurementsOf(result)?.measurements).toContainEqual({
      key: "stolen:sign-out:jwt",
      value: { accepted: true, status: 200 },
    });
    expect(await recordLabRun(result)).toBe(5);
    const stored = (await readMeasurements()).filter((m) => m.key.startsWith("stolen:sign-out:"));
    expect(Object.fromEntries(stored.map((m) => [m.key, m.value]))).toEqual({
      "stolen:sign-out:session": { accepted: false, status: 401 },
      "stolen:sign-out:jwt": { accepted: true, status: 200 },
      "stolen:sign-out:jwt-revocation": { accepted: false, status: 401 },
      "stolen:sign-out:bearer-access": { accepted: true, status: 200 },
      "stolen:sign-out:bearer-refresh": { accepted: false, status: 401 },
    });
    expect(stored.every((m) => m.measuredAt.getTime() === at.getTime() && m.lab === "replay")).toBe(true);
  });

  it("the everywhere lab skips the asking device's rows; the cross-site lab records each target", () => {
    const everywhere = lab("everywhere", [labRow("session", 401), labRow("this-session", 200)]);
    expect(measurementsOf(everywhere)).toEqual({
      lab: "everywhere",
      measurements: [{ key: "stolen:everywhere:session", value: { accepted: false, status: 401 } }],
    });
    const cross = lab("cross-site", [labRow("session", 403), labRow("jwt", 403), labRow("bearer", 401)]);
    expect(measurementsOf(cross)?.measurements).toEqual([
      { key: "csrf:session", value: { refused: true, status: 403 } },
      { key: "csrf:jwt", value: { refused: true, status: 403 } },
      { key: "csrf:bearer", value: { refused: true, status: 401 } },
    ]);
  });

  it("records the cost lab's time, queries and bytes per check; a failed check records nothing", async () => {
    const costRow = (key: CostRow["key"], ok = true): CostRow => ({
      key,
      label: key,
      check: "",
      p50: 12.5,
      p99: 40,
      mean: 15,
      dbP50: 0,
      cpu: 10,
      queries: key === "session" || key === "jwt-revocation" ? 1 : 0,
      bytes: 200,
      ok,
    });
    const finishedAt = new Date(Date.now() + 2_000).toISOString();
    const result = {
      lab: "cost",
      finishedAt,
      iterations: 100,
      measured: { kind: "pglite", name: "PGlite", networked: false },
      rows: [costRow("session"), costRow("jwt"), costRow("jwt-revocation"), costRow("bearer", false)],
    } as unknown as CostResult;
    expect(await recordLabRun(result)).toBe(3);
    const session = (await readMeasurements()).find((m) => m.key === "cost:session");
    expect(session?.value).toEqual({
      p50Us: 12.5,
      p99Us: 40,
      queries: 1,
      bytes: 200,
      iterations: 100,
      database: "pglite",
    });
  });

  // A refusal is a measurement only when the endpoint refused the credential (401, 403). A 429 (the lab's probes
  // share one address, so anyone running labs fast can fill its refresh counter), a 5xx or a 409 says nothing about
  // the credential, and neither does a copy that was not accepted before the event: recording them would show every
  // visitor "refused" as measured.
  it("records no row whose answer says nothing about the credential", () => {
    const before = (row: LabRow, status: number): LabRow => ({ ...row, before: probe(status) });
    const replay = lab("replay", [
      labRow("session", 401),
      labRow("jwt", 500),
      labRow("jwt-revocation", 503),
      labRow("bearer-access", 409),
      labRow("bearer-refresh", 429),
    ]);
    expect(measurementsOf(replay)?.measurements.map((m) => m.key)).toEqual(["stolen:sign-out:session"]);
    const notAcceptedBefore = lab("everywhere", [before(labRow("session", 401), 401), before(labRow("jwt", 200), 200)]);
    expect(measurementsOf(notAcceptedBefore)?.measurements).toEqual([
      { key: "stolen:everywhere:jwt", value: { accepted: true, status: 200 } },
    ]);
    const cross = lab("cross-site", [labRow("session", 429), labRow("jwt", 500), labRow("bearer", 401)]);
    expect(measurementsOf(cross)?.measurements).toEqual([
      { key: "csrf:bearer", value: { refused: true, status: 401 } },
    ]);
  });

  it("labs that feed no cell record nothing", async () => {
    expect(measurementsOf(lab("stale-claims", [labRow("session", 200)]))).toBeNull();
    expect(await recordLabRun(lab("verifier", [labRow("verifier", 200)]))).toBe(0);
  });
});
