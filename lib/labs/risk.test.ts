import { describe, expect, it } from "vitest";
import { RISK, RISK_LEVELS, worstRisk } from "@/lib/labs/risk";
import { labResult, row, shouldHaveEnded } from "@/lib/labs/types";
import type { Probe } from "@/lib/labs/probe";

/** Outcomes are judged by what they mean for security, from what was measured — never by the status colour. */

const probe = (status: number): Probe => ({
  request: "GET /api/session/me",
  at: new Date(0).toISOString(),
  ms: 1,
  status,
  name: null,
  queries: null,
  error: null,
  allowOrigin: null,
});

describe("risk judgement", () => {
  const judge = shouldHaveEnded(["exposed", "A stolen copy still works."]);
  const spec = { key: "k", area: "session" as const, label: "Session cookie", event: "after sign-out", note: "" };

  it("a refused credential that should have ended is safe; an accepted one carries the stated risk", () => {
    expect(row({ ...spec, after: probe(401), judge })).toMatchObject({ outcome: "refused", risk: "safe" });
    expect(row({ ...spec, after: probe(200), judge })).toMatchObject({
      outcome: "accepted",
      risk: "exposed",
      verdict: "A stolen copy still works.",
    });
  });

  it("a lab's risk is its worst outcome; baselines never raise it", () => {
    const rows = [row({ ...spec, after: probe(401), judge }), row({ ...spec, key: "j", after: probe(200), judge })];
    expect(
      labResult({ lab: "replay", title: "", ranAt: "", identity: {} as never, steps: [], rows, notes: [] }).risk,
    ).toBe("exposed");
    expect(worstRisk(["neutral", "safe", "limited"])).toBe("limited");
    expect(worstRisk(["neutral"])).toBe("neutral");
    expect(worstRisk([])).toBe("neutral");
  });

  it("every level has words and a symbol (colour is never the only signal)", () => {
    for (const level of RISK_LEVELS) {
      expect(RISK[level].label.length).toBeGreaterThan(2);
      expect(RISK[level].symbol.length).toBeGreaterThan(0);
      expect(RISK[level].meaning.length).toBeGreaterThan(20);
    }
    expect(new Set(RISK_LEVELS.map((l) => RISK[l].symbol)).size).toBe(RISK_LEVELS.length);
  });
});
