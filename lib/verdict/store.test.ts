import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { MEASUREMENT_KEYS, type Measurement } from "@/lib/verdict/measurements";
import { pruneMeasurements, readMeasurements, recordMeasurements } from "@/lib/verdict/store";

/** The verdict's store on the real database (PGlite, or Postgres in CI's second pass). */

/**
 * On Postgres the test files share one database and run in parallel, and lib/labs/record.test.ts records real lab
 * results (the replay lab's `stolen:sign-out:*`, the cost lab's `cost:session`…): this file writes only keys no
 * other unit test writes — the everywhere lab's and `cost:bearer` — so neither file can see the other's rows.
 */
const OWN_ROWS = `key LIKE 'stolen:everywhere:%' OR key = 'cost:bearer'`;
const rowCount = async () =>
  (await (await db()).sql<{ n: number }>(`SELECT count(*)::int AS n FROM verdict_measurements WHERE ${OWN_ROWS}`))[0]!
    .n;
const stolen = (accepted: boolean): Measurement => ({
  key: "stolen:everywhere:jwt",
  value: { accepted, status: accepted ? 200 : 401 },
});

describe("the verdict's store", () => {
  it("keeps one row per key: a new measurement replaces the old one", async () => {
    const first = new Date(Date.now() - 60_000);
    await recordMeasurements("everywhere", [stolen(true)], first);
    await recordMeasurements("everywhere", [stolen(false)], new Date());
    const rows = (await readMeasurements()).filter((m) => m.key === "stolen:everywhere:jwt");
    expect(rows).toHaveLength(1);
    expect(rows[0]!.value).toEqual({ accepted: false, status: 401 });
    expect(rows[0]!.settings).toEqual({ TOKEN_MAX_AGE: "86400", TOKEN_ABSOLUTE_LIFETIME: "2592000" });
  });

  it("never lets an older measurement replace a newer one", async () => {
    const now = new Date();
    await recordMeasurements("everywhere", [stolen(false)], now);
    await recordMeasurements("everywhere", [stolen(true)], new Date(now.getTime() - 5_000));
    const row = (await readMeasurements()).find((m) => m.key === "stolen:everywhere:jwt")!;
    expect(row.value).toEqual({ accepted: false, status: 401 });
    expect(row.measuredAt).toEqual(now);
  });

  it("refuses an unknown key, another lab's key and a malformed value, writing nothing", async () => {
    const before = await rowCount();
    const later = new Date(Date.now() + 60_000);
    await expect(
      recordMeasurements(
        "everywhere",
        [{ key: "stolen:everywhere:anything", value: {} } as unknown as Measurement],
        later,
      ),
    ).rejects.toThrow(/Not a verdict measurement key/);
    await expect(recordMeasurements("cost", [stolen(true)], later)).rejects.toThrow(/measured by the everywhere lab/);
    await expect(
      recordMeasurements(
        "everywhere",
        [
          stolen(true),
          { key: "stolen:everywhere:session", value: { accepted: "yes", status: 200 } } as unknown as Measurement,
        ],
        later,
      ),
    ).rejects.toThrow(/stolen:everywhere:session/);
    await expect(
      recordMeasurements("cost", [
        {
          key: "cost:bearer",
          value: { p50Us: -1, p99Us: 1, queries: 1, bytes: 1, iterations: 1, database: "pglite" },
        },
      ]),
    ).rejects.toThrow(/cost:bearer/);
    expect(await rowCount()).toBe(before);
    const row = (await readMeasurements()).find((m) => m.key === "stolen:everywhere:jwt");
    expect(row?.measuredAt.getTime()).toBeLessThan(later.getTime());
  });

  it("is bounded: never more rows than keys; retired keys and old rows are pruned", async () => {
    const database = await db();
    await database.sql(
      `INSERT INTO verdict_measurements (key, value, lab, settings, measured_at) VALUES
       ('retired:key', '{}', 'replay', '{}', now()),
       ('cost:bearer', '{"p50Us":1,"p99Us":2,"queries":0,"bytes":9,"iterations":1,"database":"pglite"}', 'cost', '{}', now() - interval '40 days')
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, lab = excluded.lab, measured_at = excluded.measured_at`,
    );
    // A row the code does not know is never read.
    expect((await readMeasurements()).map((m) => m.key)).not.toContain("retired:key");
    expect(await pruneMeasurements()).toBe(2);
    // Every key at once: the table holds exactly one row per key.
    const all: Measurement[] = MEASUREMENT_KEYS.filter((spec) => spec.lab === "cost").map((spec) => ({
      key: spec.key as `cost:${"session"}`,
      value: { p50Us: 1, p99Us: 2, queries: 0, bytes: 10, iterations: 100, database: "pglite" },
    }));
    for (let run = 0; run < 3; run++) await recordMeasurements("cost", all);
    const keys = (await database.sql<{ key: string }>(`SELECT key FROM verdict_measurements`)).map((r) => r.key);
    expect(keys.length).toBeLessThanOrEqual(MEASUREMENT_KEYS.length);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.every((key) => MEASUREMENT_KEYS.some((spec) => spec.key === key))).toBe(true);
  });
});
