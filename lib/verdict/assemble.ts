import { cellTestTitle, WINDOWS, type Outcome } from "@/lib/strategy/credential-windows";
import {
  VERDICT_LABS,
  type CostCheck,
  type CostValue,
  type CsrfTarget,
  type CsrfValue,
  type MeasurementKey,
  type Settings,
  type StolenCredential,
  type StolenEvent,
  type StolenValue,
  type StoredMeasurement,
  type VerdictLab,
} from "@/lib/verdict/measurements";
import { d, t, type Text } from "@/lib/verdict/text";

/**
 * Assembles the verdict's decision table from plain inputs — the running configuration, the cookies' attributes
 * as the code sets them, and the stored measurements — with no I/O, so every rule here is unit-tested
 * (lib/verdict/assemble.test.ts). lib/verdict/table.ts feeds it on the server.
 *
 * Every cell carries its source: **measured** on this deployment (which lab, when) or **from configuration** (the
 * settings or code it follows, and the e2e test that proves it where there is one). A cell a lab can measure
 * shows the configured answer until a current measurement exists, and says it is not measured yet; a cell that
 * only a measurement can fill (time per check, bytes) says "not measured yet — run the labs". A measurement that
 * contradicts the configuration is shown, flagged; one taken under other settings is not shown as current.
 */

export const COLUMNS = [
  { id: "session", title: "Server session", subtitle: "iron-session cookie + a Postgres row" },
  { id: "jwt", title: "next-auth JWT", subtitle: "default mode" },
  { id: "jwt-revocation", title: "next-auth JWT", subtitle: "revocation mode" },
  { id: "bearer", title: "Bearer tokens", subtitle: "access JWT + refresh token, both in localStorage" },
  { id: "hybrid", title: "Hybrid", subtitle: "short-lived access JWT + a server-side session or refresh family" },
] as const;
export type ColumnId = (typeof COLUMNS)[number]["id"];

/** The questions, in the table's order; `short` names a row where the guidance cites it. */
export const ROWS = [
  { id: "stolen-sign-out", question: "How long a stolen copy works after its sign-out", short: "after sign-out" },
  { id: "stolen-everywhere", question: "… after “sign out everywhere”", short: "after sign out everywhere" },
  { id: "stolen-password", question: "… after a password change", short: "after a password change" },
  { id: "queries", question: "Database queries per check", short: "queries per check" },
  { id: "time", question: "Time per check (this server)", short: "time per check" },
  { id: "bytes", question: "Bytes on every request", short: "bytes per request" },
  { id: "xss", question: "What an injected script (XSS) can read", short: "XSS" },
  { id: "csrf", question: "CSRF exposure", short: "CSRF" },
  { id: "scale-out", question: "What a second app instance needs", short: "second instance" },
  { id: "server-control", question: "Can the server see and end a sign-in without the client?", short: "control" },
] as const;
export type RowId = (typeof ROWS)[number]["id"];

/** good: what a careful system does; limited: a copy works for a short, bounded time; risk: for hours or more. */
export type Tone = "good" | "limited" | "risk" | "neutral";

export type Setting = { name: string; value?: Text };

export type Source =
  | { kind: "measured"; lab: VerdictLab; at: Date; keys: MeasurementKey[] }
  | { kind: "configuration"; settings: Setting[]; test?: string }
  | { kind: "not-measured"; lab: VerdictLab };

export type VerdictCell = {
  answer: Text;
  detail?: Text;
  tone: Tone;
  source: Source;
  /** Shown from configuration while a lab could measure it: the lab that would. */
  measurable?: VerdictLab;
  /** A current measurement that contradicts what the configuration promises. */
  conflict?: Text;
  /** A measurement taken under settings that no longer hold (so not shown as the answer). */
  outdated?: { at: Date; lab: VerdictLab };
};

export type VerdictRow = {
  id: RowId;
  question: string;
  short: string;
  note?: Text;
  cells: Record<ColumnId, VerdictCell>;
};

/** A row of ROWS with its cells (and a note that applies to the whole row). */
function rowOf(id: RowId, cells: Record<ColumnId, VerdictCell>, note?: Text): VerdictRow {
  const { question, short } = ROWS.find((row) => row.id === id)!;
  return { id, question, short, note, cells };
}

export type CookieFacts = { name: string; httpOnly: boolean; sameSite: string; secure: boolean; source: string };

export type VerdictInput = {
  config: {
    SESSION_IDLE_TIMEOUT: number;
    SESSION_ABSOLUTE_TIMEOUT: number;
    TOKEN_MAX_AGE: number;
    TOKEN_ABSOLUTE_LIFETIME: number;
    BEARER_ACCESS_TTL: number;
    BEARER_REFRESH_TTL: number;
    databaseKind: "pglite" | "postgres";
  };
  /** The running settings, as the store snapshots them (lib/verdict/store.ts currentSettings). */
  settings: Settings;
  /** Seconds between two renewal writes of a session row (lib/session RENEW_AFTER_SECONDS). */
  renewAfterSeconds: number;
  cookies: { session: CookieFacts; jwt: CookieFacts };
  /** The localStorage keys of the bearer flow's browser module (lib/token/bearer/client.ts). */
  bearerStorage: { access: string; refresh: string };
  measurements: StoredMeasurement[];
};

export type VerdictTable = {
  columns: typeof COLUMNS;
  rows: VerdictRow[];
  /** How many cells show a current measurement, and how many could. */
  measured: number;
  measurable: number;
  /** The newest measurement shown, if any. */
  lastMeasuredAt: Date | null;
};

const EVENT_WORDS: Record<StolenEvent, string> = {
  "sign-out": "its sign-out",
  everywhere: "sign out everywhere",
  password: "a password change",
};
const EVENT_LAB: Record<StolenEvent, VerdictLab> = {
  "sign-out": "replay",
  everywhere: "everywhere",
  password: "password",
};

/** The measurements whose settings still hold, by key; and those that do not. */
function sortMeasurements(input: VerdictInput) {
  const current = new Map<string, StoredMeasurement>();
  const outdated = new Map<string, StoredMeasurement>();
  for (const m of input.measurements) {
    const holds = Object.entries(m.settings).every(([name, value]) => input.settings[name as keyof Settings] === value);
    (holds ? current : outdated).set(m.key, m);
  }
  return { current, outdated };
}

type Found<V> = { values: V[]; at: Date; keys: MeasurementKey[]; lab: VerdictLab };

export function assembleVerdict(input: VerdictInput): VerdictTable {
  const { config, cookies, bearerStorage } = input;
  const { current, outdated } = sortMeasurements(input);

  /** Every key measured and current → their values (the oldest time: the cell is as old as its oldest part). */
  function found<V>(keys: MeasurementKey[]): Found<V> | null {
    const ms = keys.map((key) => current.get(key));
    if (ms.some((m) => !m)) return null;
    const all = ms as StoredMeasurement[];
    const at = new Date(Math.min(...all.map((m) => m.measuredAt.getTime())));
    return { values: all.map((m) => m.value as V), at, keys, lab: all[0]!.lab };
  }
  const stale = (keys: MeasurementKey[]) => {
    const m = keys.map((key) => outdated.get(key)).find(Boolean);
    return m ? { at: m.measuredAt, lab: m.lab } : undefined;
  };
  const measured = (f: Found<unknown>): Source => ({ kind: "measured", lab: f.lab, at: f.at, keys: f.keys });

  /** A cell the configuration answers and a lab can measure: measured when it has been. */
  function measurable<V>(
    keys: MeasurementKey[],
    lab: VerdictLab,
    configured: Omit<VerdictCell, "measurable">,
    fromMeasurement: (values: V[]) => Pick<VerdictCell, "answer" | "detail" | "tone" | "conflict">,
  ): VerdictCell {
    const f = found<V>(keys);
    if (f) return { ...fromMeasurement(f.values), source: measured(f) };
    return { ...configured, measurable: lab, outdated: stale(keys) };
  }

  /** A cell only a measurement can fill. */
  function measuredOnly<V>(
    keys: MeasurementKey[],
    lab: VerdictLab,
    fromMeasurement: (values: V[]) => Pick<VerdictCell, "answer" | "detail" | "tone">,
    unmeasured?: Text,
  ): VerdictCell {
    const f = found<V>(keys);
    if (f) return { ...fromMeasurement(f.values), source: measured(f) };
    return {
      answer: t`not measured yet — run the labs`,
      detail: unmeasured,
      tone: "neutral",
      source: { kind: "not-measured", lab },
      outdated: stale(keys),
    };
  }

  // --- How long a stolen copy works ------------------------------------------------------------------------

  const windowText = (credential: StolenCredential, outcome: Outcome): { answer: Text; tone: Tone } => {
    if (outcome === "dead") return { answer: t`ends at once: refused at its next request`, tone: "good" };
    switch (credential) {
      case "bearer-access":
        return { answer: t`still works ≤ ${d(config.BEARER_ACCESS_TTL)} (until its exp)`, tone: "limited" };
      case "jwt":
      case "jwt-revocation":
        return outcome === "until-expiry"
          ? { answer: t`still works ≤ ${d(config.TOKEN_MAX_AGE)} (until its exp; never renewed)`, tone: "risk" }
          : {
              answer: t`still works, renewable: ≤ ${d(config.TOKEN_MAX_AGE)} after each renewal, up to ${d(config.TOKEN_ABSOLUTE_LIFETIME)} after sign-in`,
              tone: "risk",
            };
      default:
        return { answer: t`still works until it expires`, tone: "risk" };
    }
  };
  const windowSettings = (credential: StolenCredential): Setting[] => {
    switch (credential) {
      case "session":
        return [{ name: "the row is deleted (lib/session)" }];
      case "jwt":
        return [
          { name: "TOKEN_MAX_AGE", value: t`${d(config.TOKEN_MAX_AGE)}` },
          { name: "TOKEN_ABSOLUTE_LIFETIME", value: t`${d(config.TOKEN_ABSOLUTE_LIFETIME)}` },
        ];
      case "jwt-revocation":
        return [{ name: "revocation mode: the token version is read on every request" }];
      case "bearer-access":
        return [{ name: "BEARER_ACCESS_TTL", value: t`${d(config.BEARER_ACCESS_TTL)}` }];
      case "bearer-refresh":
        return [{ name: "the refresh family is revoked (lib/token/bearer)" }];
    }
  };

  /** One credential's stolen-copy cell after `event`. */
  function stolenOne(event: StolenEvent, credential: StolenCredential): VerdictCell {
    const expected = WINDOWS[credential][event].outcome;
    const configured = windowText(credential, expected);
    const key: MeasurementKey = `stolen:${event}:${credential}`;
    return measurable<StolenValue>(
      [key],
      EVENT_LAB[event],
      {
        ...configured,
        source: {
          kind: "configuration",
          settings: windowSettings(credential),
          test: cellTestTitle(credential, event),
        },
      },
      ([value]) => stolenFromMeasurement(event, value!, expected, configured),
    );
  }

  function stolenFromMeasurement(
    event: StolenEvent,
    value: StolenValue,
    expected: Outcome,
    configured: { answer: Text; tone: Tone },
  ) {
    const promisedDead = expected === "dead";
    const answer = value.accepted
      ? t`a copy replayed right after ${EVENT_WORDS[event]} was accepted (${value.status})`
      : t`a copy replayed right after ${EVENT_WORDS[event]} was refused (${value.status})`;
    const conflict =
      value.accepted === promisedDead
        ? promisedDead
          ? t`The configuration promises it ends at once, but the copy was accepted.`
          : t`The configuration says it keeps working; it was refused (ended or expired early).`
        : undefined;
    return {
      answer,
      detail: value.accepted ? t`so it ${configured.answer}` : undefined,
      tone: value.accepted ? (promisedDead ? "risk" : configured.tone) : ("good" as Tone),
      conflict,
    };
  }

  /** The bearer flow and the hybrid hold two credentials: the access token and the refresh credential. */
  function stolenPair(event: StolenEvent): VerdictCell {
    const access = stolenOne(event, "bearer-access");
    const refresh = stolenOne(event, "bearer-refresh");
    const join = (a?: Text, b?: Text) => {
      const parts = [a && t`access token: ${a}`, b && t`refresh token: ${b}`].filter(Boolean) as Text[];
      return parts.length === 0 ? undefined : parts.length === 1 ? parts[0] : t`${parts[0]!} · ${parts[1]!}`;
    };
    const both = access.source.kind === "measured" && refresh.source.kind === "measured";
    const source: Source = both
      ? {
          kind: "measured",
          lab: access.source.kind === "measured" ? access.source.lab : EVENT_LAB[event],
          at: new Date(Math.min(sourceTime(access.source), sourceTime(refresh.source))),
          keys: [`stolen:${event}:bearer-access`, `stolen:${event}:bearer-refresh`],
        }
      : {
          kind: "configuration",
          settings: [...windowSettings("bearer-access"), ...windowSettings("bearer-refresh")],
          test: `${cellTestTitle("bearer-access", event)}; ${cellTestTitle("bearer-refresh", event)}`,
        };
    const conflict = [access.conflict, refresh.conflict].filter(Boolean).flat() as Text;
    return {
      answer: join(access.answer, refresh.answer)!,
      detail: both ? join(access.detail, refresh.detail) : undefined,
      tone: worst(access.tone, refresh.tone),
      source,
      measurable: both ? undefined : EVENT_LAB[event],
      conflict: conflict.length ? conflict : undefined,
      outdated: access.outdated ?? refresh.outdated,
    };
  }

  const stolenRow = (event: StolenEvent): VerdictRow =>
    rowOf(`stolen-${event}`, {
      session: stolenOne(event, "session"),
      jwt: stolenOne(event, "jwt"),
      "jwt-revocation": stolenOne(event, "jwt-revocation"),
      bearer: stolenPair(event),
      hybrid: stolenPair(event),
    });

  // --- Cost per check ----------------------------------------------------------------------------------------

  const costKey = (check: CostCheck): MeasurementKey => `cost:${check}`;
  const where = (value: CostValue) =>
    value.database === "pglite" ? "PGlite: in process, no network hop" : "Postgres over the network";
  const queriesCell = (check: CostCheck, queries: number, how: Text, settings: Setting[]): VerdictCell =>
    measurable<CostValue>(
      [costKey(check)],
      "cost",
      {
        answer: t`${String(queries)} per request`,
        detail: how,
        tone: "neutral",
        source: { kind: "configuration", settings },
      },
      ([value]) => ({
        answer: t`${String(value!.queries)} per request (counted)`,
        detail: how,
        tone: "neutral",
        conflict: value!.queries !== queries ? t`The code issues ${String(queries)}.` : undefined,
      }),
    );
  const timeCell = (check: CostCheck, what: string) =>
    measuredOnly<CostValue>([costKey(check)], "cost", ([value]) => ({
      answer: t`${micros(value!.p50Us)} µs p50 · ${micros(value!.p99Us)} µs p99`,
      detail: t`${what}; ${value!.iterations} checks, ${where(value!)}`,
      tone: "neutral",
    }));
  const bytesCell = (check: CostCheck, what: string) =>
    measuredOnly<CostValue>([costKey(check)], "cost", ([value]) => ({
      answer: t`${String(value!.bytes)} bytes`,
      detail: t`${what}`,
      tone: "neutral",
    }));

  // --- What an XSS can read; CSRF ----------------------------------------------------------------------------

  const cookieSetting = (c: CookieFacts): Setting => ({
    name: `${c.name} (${c.source})`,
    value: t`${[c.httpOnly ? "HttpOnly" : "not HttpOnly", `SameSite=${c.sameSite}`, c.secure ? "Secure" : "Secure on https"].join("; ")}`,
  });
  const xssCookie = (c: CookieFacts): VerdictCell =>
    c.httpOnly
      ? {
          answer: t`not the cookie: it is HttpOnly`,
          detail: t`A script on the page can still send requests as you while it runs — the browser attaches the cookie — but it cannot take the credential away.`,
          tone: "good",
          source: { kind: "configuration", settings: [cookieSetting(c)] },
        }
      : {
          answer: t`the cookie: it is not HttpOnly`,
          tone: "risk",
          source: { kind: "configuration", settings: [cookieSetting(c)] },
        };
  const csrfCookie = (target: CsrfTarget, c: CookieFacts, extra?: Text): VerdictCell =>
    measurable<CsrfValue>(
      [`csrf:${target}`],
      "cross-site",
      {
        answer: t`guarded: SameSite=${c.sameSite} + an Origin check`,
        detail: t`The browser attaches the cookie by itself, so another site could try to make you send it: SameSite keeps it off cross-site POSTs, and every state change must carry this site's Origin or is refused (403).${extra ?? []}`,
        tone: c.sameSite.toLowerCase() === "none" ? "risk" : "good",
        source: {
          kind: "configuration",
          settings: [cookieSetting(c), { name: "the Origin check (lib/security/origin.ts, proxy.ts)" }],
        },
      },
      ([value]) => ({
        answer: value!.refused
          ? t`a cross-site request was refused (${String(value!.status ?? "not sent")})`
          : t`a cross-site request was accepted (${String(value!.status)})`,
        tone: value!.refused ? "good" : "risk",
        conflict: value!.refused ? undefined : t`The Origin check should have refused it.`,
      }),
    );
  const csrfBearer: VerdictCell = measurable<CsrfValue>(
    ["csrf:bearer"],
    "cross-site",
    {
      answer: t`none: nothing is sent automatically`,
      detail: t`No browser adds an Authorization header by itself; a page must read the token and attach it.`,
      tone: "good",
      source: { kind: "configuration", settings: [{ name: "Authorization: Bearer (lib/token/bearer/client.ts)" }] },
    },
    ([value]) => ({
      answer: value!.refused
        ? t`a cross-site request carried no token and was refused (${String(value!.status ?? "not sent")})`
        : t`a cross-site request was accepted (${String(value!.status)})`,
      tone: value!.refused ? "good" : "risk",
    }),
  );

  const access = t`${d(config.BEARER_ACCESS_TTL)}`;
  const accessSetting: Setting = { name: "BEARER_ACCESS_TTL", value: access };
  const hybridDesign: Setting = {
    name: "the hybrid's design (its parts run here; not an area of this app)",
    value: t`access token in memory · refresh credential in an HttpOnly, SameSite cookie`,
  };
  const secret = (name: string): Setting => ({ name });
  const database: Setting = {
    name: "DATABASE_URL",
    value: t`${input.config.databaseKind === "pglite" ? "unset (PGlite)" : "set"}`,
  };

  const rows: VerdictRow[] = (
    [
      stolenRow("sign-out"),
      stolenRow("everywhere"),
      stolenRow("password"),
      {
        id: "queries",
        cells: {
          session: queriesCell(
            "session",
            1,
            t`unseal → SHA-256 → one primary-key lookup; a renewal adds one write at most once per ${d(input.renewAfterSeconds)}`,
            [
              { name: "lib/session/read.ts" },
              { name: "SESSION_IDLE_TIMEOUT", value: t`${d(config.SESSION_IDLE_TIMEOUT)} sliding` },
            ],
          ),
          jwt: queriesCell("jwt", 0, t`decrypt the JWE and check its claims`, [{ name: "lib/token/jwt/read.ts" }]),
          "jwt-revocation": queriesCell("jwt-revocation", 1, t`decrypt, then read the account's token version`, [
            { name: "revocation mode (per account, /settings)" },
          ]),
          bearer: queriesCell("bearer", 0, t`verify the signature; a refresh costs one transaction every ≤ ${access}`, [
            accessSetting,
          ]),
          hybrid: queriesCell(
            "bearer",
            0,
            t`verify the access token; the session or refresh family is read once every ≤ ${access}`,
            [accessSetting, hybridDesign],
          ),
        },
      },
      {
        id: "time",
        note: t`${config.databaseKind === "pglite" ? "This deployment runs PGlite, in the app's process: a lookup here has no network hop, so a networked Postgres costs the session check more than these figures show." : "Measured against this deployment's Postgres, network hop included."}`,
        cells: {
          session: timeCell("session", "unseal + primary-key lookup"),
          jwt: timeCell("jwt", "decrypt + claim checks"),
          "jwt-revocation": timeCell("jwt-revocation", "decrypt + token-version read"),
          bearer: timeCell("bearer", "signature verify"),
          hybrid: timeCell("bearer", "the access token's signature verify (as bearer)"),
        },
      },
      {
        id: "bytes",
        cells: {
          session: bytesCell("session", "the sealed cookie (name=value)"),
          jwt: bytesCell("jwt", "the JWE cookie (name=value; Auth.js splits it past ~4 kB)"),
          "jwt-revocation": bytesCell("jwt-revocation", "the JWE cookie (name=value)"),
          bearer: bytesCell("bearer", "the Authorization header"),
          hybrid: bytesCell("bearer", "the Authorization header (the refresh cookie goes only to the refresh path)"),
        },
      },
      {
        id: "xss",
        cells: {
          session: xssCookie(cookies.session),
          jwt: xssCookie(cookies.jwt),
          "jwt-revocation": xssCookie(cookies.jwt),
          bearer: {
            answer: t`both tokens, from localStorage`,
            detail: t`It can send them anywhere and use them from there: the refresh token keeps renewing (up to ${d(config.BEARER_REFRESH_TTL)}) until a reuse or a sign-out revokes its family.`,
            tone: "risk",
            source: {
              kind: "configuration",
              settings: [
                {
                  name: "lib/token/bearer/client.ts",
                  value: t`localStorage["${bearerStorage.access}"], localStorage["${bearerStorage.refresh}"]`,
                },
                { name: "BEARER_REFRESH_TTL", value: t`${d(config.BEARER_REFRESH_TTL)}` },
              ],
            },
          },
          hybrid: {
            answer: t`the access token, while the page is open`,
            detail: t`It lives in memory, so a script on the page can use or copy it (≤ ${access} of use); the refresh cookie is HttpOnly.`,
            tone: "limited",
            source: { kind: "configuration", settings: [accessSetting, hybridDesign] },
          },
        },
      },
      {
        id: "csrf",
        cells: {
          session: csrfCookie("session", cookies.session),
          jwt: csrfCookie("jwt", cookies.jwt, t` Auth.js's own endpoints also check its CSRF token.`),
          "jwt-revocation": csrfCookie("jwt", cookies.jwt, t` Auth.js's own endpoints also check its CSRF token.`),
          bearer: csrfBearer,
          hybrid: {
            answer: t`only the refresh endpoint, which takes the cookie: guarded like a session`,
            detail: t`API calls carry the access token in a header, which no other site can add.`,
            tone: "good",
            source: { kind: "configuration", settings: [hybridDesign] },
          },
        },
      },
      {
        id: "scale-out",
        note:
          config.databaseKind === "pglite"
            ? t`This deployment runs PGlite (DATABASE_URL unset): one process only, so it cannot have a second instance at all. Set DATABASE_URL to a Postgres every instance reaches.`
            : undefined,
        cells: {
          session: {
            answer: t`the shared Postgres on every request, and SESSION_SECRET`,
            tone: "neutral",
            source: { kind: "configuration", settings: [database, secret("SESSION_SECRET")] },
          },
          jwt: {
            answer: t`AUTH_SECRET only: no shared store per request`,
            tone: "neutral",
            source: { kind: "configuration", settings: [secret("AUTH_SECRET")] },
          },
          "jwt-revocation": {
            answer: t`AUTH_SECRET, and the shared Postgres on every request (the token version)`,
            tone: "neutral",
            source: { kind: "configuration", settings: [secret("AUTH_SECRET"), database] },
          },
          bearer: {
            answer: t`the signing key (from AUTH_SECRET) per request; the shared Postgres only to refresh`,
            tone: "neutral",
            source: { kind: "configuration", settings: [secret("AUTH_SECRET"), database, accessSetting] },
          },
          hybrid: {
            answer: t`the key that verifies access tokens per request; the shared store only on refresh`,
            tone: "neutral",
            source: { kind: "configuration", settings: [accessSetting, hybridDesign] },
          },
        },
      },
      {
        id: "server-control",
        cells: {
          session: {
            answer: t`yes: a row per sign-in — list devices, end one or all, at once`,
            tone: "good",
            source: { kind: "configuration", settings: [{ name: "sessions table (lib/session)" }] },
          },
          jwt: {
            answer: t`no: nothing is stored; a JWT ends at its exp`,
            detail: t`The server cannot list sign-ins or end one: each lasts until its exp, up to ${d(config.TOKEN_MAX_AGE)} after its last renewal.`,
            tone: "risk",
            source: {
              kind: "configuration",
              settings: [{ name: "TOKEN_MAX_AGE", value: t`${d(config.TOKEN_MAX_AGE)}` }],
            },
          },
          "jwt-revocation": {
            answer: t`ends all of an account's JWTs at once (token version); cannot list them or end one`,
            tone: "limited",
            source: { kind: "configuration", settings: [{ name: "users.token_version (lib/token/jwt)" }] },
          },
          bearer: {
            answer: t`yes for the refresh family (a row per token; end one sign-in); its access token lives on ≤ ${access}`,
            tone: "limited",
            source: {
              kind: "configuration",
              settings: [{ name: "refresh_tokens table (lib/token/bearer)" }, accessSetting],
            },
          },
          hybrid: {
            answer: t`yes: the session or refresh family is a row; a sign-in ends within one access-token life (≤ ${access})`,
            tone: "limited",
            source: { kind: "configuration", settings: [accessSetting, hybridDesign] },
          },
        },
      },
    ] satisfies Array<Pick<VerdictRow, "id" | "cells" | "note">>
  ).map((row) => rowOf(row.id, row.cells, row.note));

  let measuredCount = 0;
  let measurableCount = 0;
  let lastMeasuredAt: Date | null = null;
  for (const row of rows) {
    for (const cell of Object.values(row.cells)) {
      if (cell.source.kind === "measured") {
        measuredCount++;
        measurableCount++;
        if (!lastMeasuredAt || cell.source.at > lastMeasuredAt) lastMeasuredAt = cell.source.at;
      } else {
        // Only cells a lab on /compare can measure today count (no lab measures the password change yet).
        const lab = cell.source.kind === "not-measured" ? cell.source.lab : cell.measurable;
        if (lab && VERDICT_LABS[lab].available) measurableCount++;
      }
    }
  }
  return { columns: COLUMNS, rows, measured: measuredCount, measurable: measurableCount, lastMeasuredAt };
}

const RANK: Record<Tone, number> = { good: 0, neutral: 1, limited: 2, risk: 3 };
const worst = (a: Tone, b: Tone): Tone => (RANK[a] >= RANK[b] ? a : b);
const sourceTime = (source: Source) => (source.kind === "measured" ? source.at.getTime() : Date.now());
const micros = (n: number) => (n >= 100 ? String(Math.round(n)) : n.toFixed(1));

export { VERDICT_LABS };
