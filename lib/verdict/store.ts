import "server-only";
import { db } from "@/lib/server/db";
import { env } from "@/lib/server/env";
import {
  keySpec,
  MEASUREMENT_KEYS,
  MEASUREMENT_MAX_AGE_DAYS,
  SETTING_NAMES,
  type Measurement,
  type Settings,
  type StoredMeasurement,
  type VerdictLab,
} from "@/lib/verdict/measurements";

/**
 * The store of the verdict's measured cells: table `verdict_measurements`, one row per measurement key
 * (docs/decisions/0102-verdict-data-model.md).
 *
 * - Written only here, only by the server, only after a real lab run: `recordMeasurements` is called by the labs
 *   (lib/labs/), never by a route with the client's values (eslint.config.mjs keeps app/ and components/ from
 *   importing this file). Each value is checked against its key's schema; an unknown key or a malformed value
 *   throws before anything is written.
 * - Bounded: a key outside the closed set of lib/verdict/measurements.ts is refused, so the table never holds more
 *   rows than that set has keys. Every write also deletes rows of keys the code no longer has and rows older than
 *   MEASUREMENT_MAX_AGE_DAYS (no scheduler needed: nothing else adds rows).
 * - An older measurement never replaces a newer one (two lab runs finishing out of order).
 * - The store snapshots the settings each key depends on at the moment of writing; the table shows a value as
 *   current only while those settings still hold.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

/** The running settings a measurement may depend on, as strings (what the store snapshots and compares). */
export function currentSettings(): Settings {
  const config = env();
  const settings: Settings = {};
  for (const name of SETTING_NAMES) {
    settings[name] = name === "DATABASE" ? config.databaseKind : String(config[name]);
  }
  return settings;
}

type Row = { key: string; value: unknown; lab: string; settings: unknown; measured_at: Date | string };

/**
 * Records what a lab measured: one upsert per key, in one statement. Throws on an unknown key, a key another lab
 * owns, or a value its schema refuses — nothing is written then.
 */
export async function recordMeasurements(lab: VerdictLab, measurements: Measurement[], at = new Date()) {
  if (measurements.length === 0) return;
  const all = currentSettings();
  const rows = measurements.map(({ key, value }) => {
    const spec = keySpec(key);
    if (!spec) throw new Error(`Not a verdict measurement key: ${JSON.stringify(key)}.`);
    if (spec.lab !== lab) throw new Error(`${key} is measured by the ${spec.lab} lab, not ${lab}.`);
    const parsed = spec.schema.safeParse(value);
    if (!parsed.success) throw new Error(`${key}: ${parsed.error.issues[0]?.message ?? "invalid value"}.`);
    const settings = Object.fromEntries(spec.settings.map((name) => [name, all[name]]));
    return [key, JSON.stringify(parsed.data), lab, JSON.stringify(settings)];
  });
  const database = await db();
  const values = rows.map(
    (_, i) => `($${i * 4 + 1}, $${i * 4 + 2}::jsonb, $${i * 4 + 3}, $${i * 4 + 4}::jsonb, $${rows.length * 4 + 1})`,
  );
  await database.sql(
    `INSERT INTO verdict_measurements (key, value, lab, settings, measured_at) VALUES ${values.join(", ")}
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, lab = EXCLUDED.lab, settings = EXCLUDED.settings,
       measured_at = EXCLUDED.measured_at
     WHERE verdict_measurements.measured_at <= EXCLUDED.measured_at`,
    [...rows.flat(), at],
  );
  await pruneMeasurements(at);
}

/** Deletes rows of keys the code no longer has and rows past the maximum age; the number deleted. */
export async function pruneMeasurements(now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - MEASUREMENT_MAX_AGE_DAYS * DAY_MS);
  const deleted = await (
    await db()
  ).sql(
    `DELETE FROM verdict_measurements WHERE NOT (key = ANY($1::text[])) OR measured_at < $2 RETURNING 1`,
    [MEASUREMENT_KEYS.map((spec) => spec.key), cutoff],
    "verdict_prune",
  );
  return deleted.length;
}

/**
 * Every stored measurement that is still one of ours, well-formed and younger than the maximum age. (Whether its
 * settings still hold is the table's call: it says so rather than hiding it.)
 */
export async function readMeasurements(now = new Date()): Promise<StoredMeasurement[]> {
  const cutoff = now.getTime() - MEASUREMENT_MAX_AGE_DAYS * DAY_MS;
  const rows = await (
    await db()
  ).sql<Row>(`SELECT key, value, lab, settings, measured_at FROM verdict_measurements`, [], "verdict_read");
  const measurements: StoredMeasurement[] = [];
  for (const row of rows) {
    const spec = keySpec(row.key);
    const measuredAt = new Date(row.measured_at);
    if (!spec || spec.lab !== row.lab || measuredAt.getTime() < cutoff) continue;
    const value = spec.schema.safeParse(typeof row.value === "string" ? JSON.parse(row.value) : row.value);
    if (!value.success) continue;
    const settings = typeof row.settings === "string" ? JSON.parse(row.settings) : row.settings;
    measurements.push({
      key: spec.key,
      value: value.data as StoredMeasurement["value"],
      lab: spec.lab,
      settings: settings && typeof settings === "object" ? (settings as Settings) : {},
      measuredAt,
    });
  }
  return measurements;
}
