import { z } from "zod";

/**
 * The verdict's measurements: the closed set of keys a lab may record, the shape of each value, and the settings
 * each one depends on. Plain data and schemas, no server code (docs/decisions/0102-verdict-data-model.md).
 *
 * A key names one measured fact of this deployment; the store (lib/verdict/store.ts) keeps the newest value per
 * key, so the table never holds more rows than this file has keys. A measurement taken under other settings than
 * the running ones (a changed TOKEN_MAX_AGE, say) is not shown as current.
 */

/** The credentials whose stolen copy a lab replays (the ids of lib/strategy/credential-windows.ts). */
export const STOLEN_CREDENTIALS = ["session", "jwt", "jwt-revocation", "bearer-access", "bearer-refresh"] as const;
/** The events after which a stolen copy is replayed. */
export const STOLEN_EVENTS = ["sign-out", "everywhere", "password"] as const;
/** The per-request checks the cost lab times. */
export const COST_CHECKS = ["session", "jwt", "jwt-revocation", "bearer"] as const;
/** The credentials the cross-site lab sends from another origin. */
export const CSRF_TARGETS = ["session", "jwt", "bearer"] as const;

export type StolenCredential = (typeof STOLEN_CREDENTIALS)[number];
export type StolenEvent = (typeof STOLEN_EVENTS)[number];
export type CostCheck = (typeof COST_CHECKS)[number];
export type CsrfTarget = (typeof CSRF_TARGETS)[number];

export type StolenKey = `stolen:${StolenEvent}:${StolenCredential}`;
export type CostKey = `cost:${CostCheck}`;
export type CsrfKey = `csrf:${CsrfTarget}`;
export type MeasurementKey = StolenKey | CostKey | CsrfKey;

const count = z.number().int().min(0).max(1_000_000);
const micros = z.number().finite().min(0).max(60_000_000);

/** A stolen copy replayed right after the event: what the endpoint answered. */
export const stolenValue = z.strictObject({ accepted: z.boolean(), status: z.number().int().min(100).max(599) });
/** One per-request check timed many times on this server, with what it cost. */
export const costValue = z.strictObject({
  p50Us: micros,
  p99Us: micros,
  queries: count,
  /** Bytes the credential adds to every request (the cookie's `name=value`, or the Authorization header). */
  bytes: count,
  iterations: count,
  database: z.enum(["pglite", "postgres"]),
});
/** A state-changing request from another origin carrying the credential the browser would attach. */
export const csrfValue = z.strictObject({
  refused: z.boolean(),
  /** null: nothing was sent, because no browser attaches this credential by itself. */
  status: z.number().int().min(100).max(599).nullable(),
});

export type StolenValue = z.infer<typeof stolenValue>;
export type CostValue = z.infer<typeof costValue>;
export type CsrfValue = z.infer<typeof csrfValue>;

/** A measurement as a lab hands it to the store: the key decides the value's shape. */
export type Measurement =
  { key: StolenKey; value: StolenValue } | { key: CostKey; value: CostValue } | { key: CsrfKey; value: CsrfValue };

/**
 * The labs that measure, and where each one runs. `available: false`: no lab on /compare measures it yet (part two of
 * the verdict issue adds the password-change lab), and the page says so rather than link to nothing.
 */
export const VERDICT_LABS = {
  replay: { title: "Replay after sign-out", href: "/compare#replay", available: true },
  everywhere: { title: "Sign out everywhere", href: "/compare#everywhere", available: true },
  password: { title: "Password change", href: "/compare", available: false },
  "cross-site": { title: "A cross-site request", href: "/compare#cross-site", available: true },
  cost: { title: "Cost per request", href: "/compare#cost", available: true },
} as const;
export type VerdictLab = keyof typeof VERDICT_LABS;

const STOLEN_LAB: Record<StolenEvent, VerdictLab> = {
  "sign-out": "replay",
  everywhere: "everywhere",
  password: "password",
};

/** The configuration each credential's behaviour depends on (environment variable names). */
const CREDENTIAL_SETTINGS: Record<StolenCredential | CostCheck | CsrfTarget, readonly SettingName[]> = {
  session: ["SESSION_IDLE_TIMEOUT", "SESSION_ABSOLUTE_TIMEOUT"],
  jwt: ["TOKEN_MAX_AGE", "TOKEN_ABSOLUTE_LIFETIME"],
  "jwt-revocation": ["TOKEN_MAX_AGE", "TOKEN_ABSOLUTE_LIFETIME"],
  bearer: ["BEARER_ACCESS_TTL"],
  "bearer-access": ["BEARER_ACCESS_TTL"],
  "bearer-refresh": ["BEARER_REFRESH_TTL"],
};

/** The settings a measurement may depend on; the store snapshots them at every write. */
export const SETTING_NAMES = [
  "SESSION_IDLE_TIMEOUT",
  "SESSION_ABSOLUTE_TIMEOUT",
  "TOKEN_MAX_AGE",
  "TOKEN_ABSOLUTE_LIFETIME",
  "BEARER_ACCESS_TTL",
  "BEARER_REFRESH_TTL",
  "DATABASE",
] as const;
export type SettingName = (typeof SETTING_NAMES)[number];
export type Settings = Partial<Record<SettingName, string>>;

export type KeySpec = {
  key: MeasurementKey;
  lab: VerdictLab;
  schema: z.ZodType;
  /** The settings under which the value holds: a measurement taken under others is not current. */
  settings: readonly SettingName[];
};

/** Every key a lab may record, in the table's order. The store refuses any other. */
export const MEASUREMENT_KEYS: readonly KeySpec[] = [
  ...STOLEN_EVENTS.flatMap((event) =>
    STOLEN_CREDENTIALS.map((credential): KeySpec => ({
      key: `stolen:${event}:${credential}`,
      lab: STOLEN_LAB[event],
      schema: stolenValue,
      settings: CREDENTIAL_SETTINGS[credential],
    })),
  ),
  // A cost depends on where the database is (in process, or a network hop away), not on lifetimes.
  ...COST_CHECKS.map((check): KeySpec => ({
    key: `cost:${check}`,
    lab: "cost",
    schema: costValue,
    settings: ["DATABASE"],
  })),
  ...CSRF_TARGETS.map((target): KeySpec => ({
    key: `csrf:${target}`,
    lab: "cross-site",
    schema: csrfValue,
    settings: [],
  })),
];

const BY_KEY = new Map(MEASUREMENT_KEYS.map((spec) => [spec.key as string, spec]));

/** The spec of a key, or undefined for anything that is not one of ours. */
export function keySpec(key: string): KeySpec | undefined {
  return BY_KEY.get(key);
}

/** A measurement older than this is not shown (and the store deletes it at its next write). */
export const MEASUREMENT_MAX_AGE_DAYS = 30;

/** A stored measurement as the table reads it. */
export type StoredMeasurement = {
  key: MeasurementKey;
  value: StolenValue | CostValue | CsrfValue;
  lab: VerdictLab;
  settings: Settings;
  measuredAt: Date;
};
