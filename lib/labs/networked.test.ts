import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { networkedReference } from "@/lib/labs/networked";

/**
 * bench/latest.json is the machine-readable copy of the newest benchmark results in bench/RESULTS.md, which the cost
 * lab shows as "what a networked Postgres costs". The two must say the same thing: this test reads the prose.
 */

const results = readFileSync(path.join(process.cwd(), "bench", "RESULTS.md"), "utf8");
const ref = networkedReference();

/** The body of the section whose heading starts with `heading`, up to the next `## `. */
function section(heading: string): string {
  const start = results.indexOf(`## ${heading}`);
  expect(start, `RESULTS.md has a section "${heading}"`).toBeGreaterThanOrEqual(0);
  const end = results.indexOf("\n## ", start + 3);
  return results.slice(start, end < 0 ? undefined : end);
}

const cells = (line: string) =>
  line
    .split("|")
    .slice(1, -1)
    .map((c) => c.trim());

describe("bench/latest.json and bench/RESULTS.md", () => {
  const oneAtATime = section("Latest results: one check at a time");

  it("name the same date, machine load and database", () => {
    expect(oneAtATime).toContain(`(${ref.date})`);
    expect(oneAtATime).toContain(`load average ${ref.load}`);
    expect(oneAtATime).toContain(ref.database);
    expect(oneAtATime).toContain(`${ref.iterations.toLocaleString("en").replace(",", " ")} iterations`);
    expect(ref.label).toContain(ref.date);
    expect(ref.label).toContain(ref.source.split(",")[0]);
  });

  it("hold the same figures for every check", () => {
    const rows = oneAtATime
      .split("\n")
      .filter((l) => l.startsWith("| ") && !l.startsWith("| check") && !l.startsWith("| ---"));
    const byKey: Record<string, string[]> = {};
    for (const line of rows) {
      const [check, ...rest] = cells(line);
      const key = check!.startsWith("session")
        ? "session"
        : check!.startsWith("next-auth")
          ? "jwt"
          : check!.startsWith("JWT, revocation")
            ? "jwt-revocation"
            : check!.startsWith("bearer")
              ? "bearer"
              : check!;
      byKey[key] = rest;
    }
    expect(Object.keys(byKey).sort()).toEqual(Object.keys(ref.checks).sort());
    for (const [key, figures] of Object.entries(ref.checks)) {
      const [p50, db, cpu, queries] = byKey[key]!;
      expect(p50, `${key} p50`).toBe(`${figures.p50} µs`);
      expect(db, `${key} database`).toBe(figures.queries === 0 ? "—" : `${figures.dbP50} µs`);
      expect(cpu, `${key} CPU`).toBe(`${figures.cpu} µs`);
      expect(Number(queries), `${key} queries`).toBe(figures.queries);
    }
  });

  it("quote the latest run under load as RESULTS.md prints it", () => {
    const underLoad = section("Latest results: third pass");
    const { run, date, rows } = ref.underLoad;
    expect(underLoad).toContain(`(${date})`);
    const line = underLoad.split("\n").find((l) => cells(l)[0]?.startsWith(`${run} `) || cells(l)[0] === run);
    expect(line, `run ${run} is in the table`).toBeTruthy();
    const [, session, token, bearer] = cells(line!);
    expect(session).toMatch(new RegExp(`^${rows["session-me"].share} %`));
    expect(token).toMatch(new RegExp(`^${rows["token-me"].share} %`));
    expect(bearer).toMatch(new RegExp(`^${rows["bearer-me"].share} %`));
    // The CPU multiples come from the pass's own table of runs (same run).
    const third = section("History of runs, by pass");
    const cpuLine = third.split("\n").find((l) => cells(l)[0]?.startsWith(`${run} —`));
    expect(cpuLine, `run ${run} in the third pass's table`).toBeTruthy();
    const [, s, t, b] = cells(cpuLine!);
    expect(s).toBe(`${rows["session-me"].share} % · ${rows["session-me"].cpu.toFixed(2)}×`);
    expect(t).toBe(`${rows["token-me"].share} % · ${rows["token-me"].cpu.toFixed(2)}×`);
    expect(b).toBe(`${rows["bearer-me"].share} % · ${rows["bearer-me"].cpu.toFixed(2)}×`);
  });
});
