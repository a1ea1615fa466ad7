/**
 * How long a STOLEN copy of each credential keeps working after each event — the one source of the table that
 * /settings shows, SECURITY.md "Credential policy" prints (lib/strategy/credential-windows.test.ts keeps the two
 * identical) and e2e/credential-windows.spec.ts proves cell by cell (its test titles come from `cellTestTitle`).
 * Durations are the defaults (TOKEN_MAX_AGE 24 h, TOKEN_ABSOLUTE_LIFETIME 30 d, SESSION_IDLE_TIMEOUT 7 d,
 * SESSION_ABSOLUTE_TIMEOUT 30 d, BEARER_ACCESS_TTL 5 min, BEARER_REFRESH_TTL 14 d). Plain data, no server code.
 */

export const CREDENTIALS = [
  { id: "session", label: "Session cookie" },
  { id: "jwt", label: "next-auth JWT, default mode" },
  { id: "jwt-revocation", label: "next-auth JWT, revocation mode" },
  { id: "jwt-switched", label: "next-auth JWT made by “switch now”" },
  { id: "bearer-access", label: "Bearer access token" },
  { id: "bearer-refresh", label: "Bearer refresh token" },
] as const;

export const EVENTS = [
  { id: "sign-out", label: "Its sign-out" },
  { id: "everywhere", label: "Sign out everywhere" },
  { id: "password", label: "Password change" },
  { id: "deletion", label: "Account deletion" },
  { id: "mode-on", label: "Revocation mode on" },
  { id: "mode-off", label: "Revocation mode off" },
] as const;

export type CredentialId = (typeof CREDENTIALS)[number]["id"];
export type EventId = (typeof EVENTS)[number]["id"];

/**
 * What the cell's test asserts right after the event:
 * - `dead`: refused at once;
 * - `until-expiry`: still accepted, but never renewed, refreshed or exchanged again;
 * - `unchanged`: accepted and renewable as before;
 * - `checked-from-renewal`: accepted; its next renewal makes it version-checked;
 * - `unchecked-from-renewal`: accepted; its next renewal drops the check;
 * - `stays-checked`: accepted; renewals keep it version-checked.
 */
export type Outcome =
  "dead" | "until-expiry" | "unchanged" | "checked-from-renewal" | "unchecked-from-renewal" | "stays-checked";

export type Cell = { window: string; outcome: Outcome };

const NOW: Cell = { window: "0 — refused at the next request", outcome: "dead" };
const JWT_DAY: Cell = {
  window: "≤ 24 h (until its exp; never renewed or exchanged again)",
  outcome: "until-expiry",
};
const ACCESS: Cell = { window: "≤ 5 min (until its exp; cannot be refreshed)", outcome: "until-expiry" };

/** The same cell after every event that ends credentials: sign-out, sign out everywhere, password, deletion. */
const afterEveryEnd = (cell: Cell) => ({ "sign-out": cell, everywhere: cell, password: cell, deletion: cell });

export const WINDOWS: Record<CredentialId, Record<EventId, Cell>> = {
  session: {
    ...afterEveryEnd(NOW),
    "mode-on": { window: "unchanged (7 d idle, 30 d absolute)", outcome: "unchanged" },
    "mode-off": { window: "unchanged (7 d idle, 30 d absolute)", outcome: "unchanged" },
  },
  jwt: {
    "sign-out": {
      window: "≤ 24 h after its last renewal, renewable up to 30 d after the password sign-in",
      outcome: "unchanged",
    },
    everywhere: JWT_DAY,
    password: JWT_DAY,
    deletion: JWT_DAY,
    "mode-on": { window: "≤ 24 h unchecked; version-checked from its next renewal", outcome: "checked-from-renewal" },
    "mode-off": { window: "unchanged (≤ 24 h per renewal, 30 d cap)", outcome: "unchanged" },
  },
  "jwt-revocation": {
    ...afterEveryEnd(NOW),
    "mode-on": { window: "unchanged (checked on every request)", outcome: "unchanged" },
    "mode-off": {
      window: "checked until its next renewal, then like the default mode (the owner typed the password)",
      outcome: "unchecked-from-renewal",
    },
  },
  "jwt-switched": {
    ...afterEveryEnd(NOW),
    "mode-on": { window: "unchanged (checked on every request)", outcome: "unchanged" },
    "mode-off": { window: "unchanged: a switched JWT stays checked (ADR 0070)", outcome: "stays-checked" },
  },
  "bearer-access": {
    ...afterEveryEnd(ACCESS),
    "mode-on": { window: "unchanged (≤ 5 min)", outcome: "unchanged" },
    "mode-off": { window: "unchanged (≤ 5 min)", outcome: "unchanged" },
  },
  "bearer-refresh": {
    ...afterEveryEnd(NOW),
    "mode-on": { window: "unchanged (family ends 14 d after sign-in)", outcome: "unchanged" },
    "mode-off": { window: "unchanged (family ends 14 d after sign-in)", outcome: "unchanged" },
  },
};

export const WINDOWS_TEST_FILE = "e2e/credential-windows.spec.ts";

/** The title of the e2e test that proves one cell. */
export function cellTestTitle(credential: CredentialId, event: EventId): string {
  return `stolen ${credential} after ${event}`;
}

/** The table as Markdown, exactly as SECURITY.md carries it. */
export function windowsMarkdown(): string {
  const head = `| Stolen copy of … | ${EVENTS.map((e) => e.label).join(" | ")} |`;
  const rule = `|${" --- |".repeat(EVENTS.length + 1)}`;
  const rows = CREDENTIALS.map(
    (c) =>
      `| ${c.label} | ${EVENTS.map((e) => `${WINDOWS[c.id][e.id].window} — \`${cellTestTitle(c.id, e.id)}\``).join(" | ")} |`,
  );
  return [head, rule, ...rows].join("\n");
}
