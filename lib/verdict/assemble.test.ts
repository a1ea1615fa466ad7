import { describe, expect, it } from "vitest";
import { assembleVerdict, COLUMNS, ROWS, type VerdictCell, type VerdictInput } from "@/lib/verdict/assemble";
import type { Settings, StoredMeasurement } from "@/lib/verdict/measurements";
import { plain } from "@/lib/verdict/text";

/** The decision table's rules, on plain inputs: sources, measured over configured, conflicts, outdated settings. */

const seconds = (n: number) => `${n}s`;
const SETTINGS: Settings = {
  SESSION_IDLE_TIMEOUT: "604800",
  SESSION_ABSOLUTE_TIMEOUT: "2592000",
  TOKEN_MAX_AGE: "86400",
  TOKEN_ABSOLUTE_LIFETIME: "2592000",
  BEARER_ACCESS_TTL: "300",
  BEARER_REFRESH_TTL: "1209600",
  DATABASE: "pglite",
};
const cookie = { httpOnly: true, sameSite: "Lax", secure: false, source: "test" };

function input(measurements: StoredMeasurement[] = [], settings = SETTINGS): VerdictInput {
  return {
    config: {
      SESSION_IDLE_TIMEOUT: 604800,
      SESSION_ABSOLUTE_TIMEOUT: 2592000,
      TOKEN_MAX_AGE: 86400,
      TOKEN_ABSOLUTE_LIFETIME: 2592000,
      BEARER_ACCESS_TTL: 300,
      BEARER_REFRESH_TTL: 1209600,
      databaseKind: "pglite",
    },
    settings,
    renewAfterSeconds: 60,
    cookies: { session: { name: "svt_session", ...cookie }, jwt: { name: "authjs.session-token", ...cookie } },
    bearerStorage: { access: "a", refresh: "r" },
    measurements,
  };
}

const AT = new Date("2026-12-04T17:00:00Z");
const cell = (table: ReturnType<typeof assembleVerdict>, row: string, column: string): VerdictCell =>
  table.rows.find((r) => r.id === row)!.cells[column as (typeof COLUMNS)[number]["id"]];

describe("the verdict's table", () => {
  it("has every row and column, and every cell says where it comes from", () => {
    const table = assembleVerdict(input());
    expect(table.rows.map((r) => r.id)).toEqual(ROWS.map((r) => r.id));
    expect(new Set(ROWS.map((r) => r.id)).size).toBe(10);
    expect(COLUMNS.map((c) => c.id)).toEqual(["session", "jwt", "jwt-revocation", "bearer", "hybrid"]);
    for (const row of table.rows) {
      for (const column of COLUMNS) {
        const c = row.cells[column.id];
        expect(["measured", "configuration", "not-measured"], `${row.id}/${column.id}`).toContain(c.source.kind);
        if (c.source.kind === "configuration") expect(c.source.settings.length).toBeGreaterThan(0);
        expect(plain(c.answer, seconds).length).toBeGreaterThan(0);
      }
    }
  });

  it("without measurements: configured cells say a lab could measure them; time and bytes are not measured yet", () => {
    const table = assembleVerdict(input());
    expect(table.measured).toBe(0);
    expect(table.lastMeasuredAt).toBeNull();
    const jwt = cell(table, "stolen-sign-out", "jwt");
    expect(jwt.source).toMatchObject({ kind: "configuration", test: "stolen jwt after sign-out" });
    expect(jwt.measurable).toBe("replay");
    expect(jwt.tone).toBe("risk");
    expect(plain(jwt.answer, seconds)).toContain("86400s");
    expect(cell(table, "stolen-sign-out", "session").tone).toBe("good");
    for (const column of COLUMNS) {
      const time = cell(table, "time", column.id);
      expect(time.source).toEqual({ kind: "not-measured", lab: "cost" });
      expect(plain(time.answer, seconds)).toBe("not measured yet — run the labs");
    }
    // Stolen copies after sign-out and sign out everywhere (10), queries, time, bytes (15), CSRF (4 of 5: the
    // hybrid's is by design); the password-change row waits for its lab.
    expect(table.measurable).toBe(10 + 15 + 4);
  });

  it("a current measurement replaces the configured answer, with its lab and time", () => {
    const table = assembleVerdict(
      input([
        {
          key: "stolen:sign-out:jwt",
          value: { accepted: true, status: 200 },
          lab: "replay",
          settings: { TOKEN_MAX_AGE: "86400", TOKEN_ABSOLUTE_LIFETIME: "2592000" },
          measuredAt: AT,
        },
        {
          key: "cost:session",
          value: { p50Us: 512.4, p99Us: 1900, queries: 1, bytes: 302, iterations: 2000, database: "pglite" },
          lab: "cost",
          settings: { DATABASE: "pglite" },
          measuredAt: AT,
        },
      ]),
    );
    const jwt = cell(table, "stolen-sign-out", "jwt");
    expect(jwt.source).toEqual({ kind: "measured", lab: "replay", at: AT, keys: ["stolen:sign-out:jwt"] });
    expect(plain(jwt.answer, seconds)).toBe("a copy replayed right after its sign-out was accepted (200)");
    expect(jwt.conflict).toBeUndefined();
    expect(plain(cell(table, "time", "session").answer, seconds)).toBe("512 µs p50 · 1900 µs p99");
    expect(plain(cell(table, "bytes", "session").answer, seconds)).toBe("302 bytes");
    expect(cell(table, "queries", "session").source.kind).toBe("measured");
    expect(cell(table, "time", "jwt").source.kind).toBe("not-measured");
    expect(table.measured).toBe(4);
    expect(table.lastMeasuredAt).toEqual(AT);
  });

  it("flags a measurement that contradicts the configuration", () => {
    const table = assembleVerdict(
      input([
        {
          key: "stolen:sign-out:session",
          value: { accepted: true, status: 200 },
          lab: "replay",
          settings: { SESSION_IDLE_TIMEOUT: "604800", SESSION_ABSOLUTE_TIMEOUT: "2592000" },
          measuredAt: AT,
        },
      ]),
    );
    const session = cell(table, "stolen-sign-out", "session");
    expect(session.source.kind).toBe("measured");
    expect(session.tone).toBe("risk");
    expect(plain(session.conflict!, seconds)).toMatch(/promises it ends at once/);
  });

  it("a measurement under other settings is not shown as current", () => {
    const stale: StoredMeasurement = {
      key: "stolen:sign-out:jwt",
      value: { accepted: true, status: 200 },
      lab: "replay",
      settings: { TOKEN_MAX_AGE: "3600", TOKEN_ABSOLUTE_LIFETIME: "2592000" },
      measuredAt: AT,
    };
    const jwt = cell(assembleVerdict(input([stale])), "stolen-sign-out", "jwt");
    expect(jwt.source.kind).toBe("configuration");
    expect(jwt.outdated).toEqual({ at: AT, lab: "replay" });
  });

  it("the bearer and hybrid columns are measured only when both of their credentials are", () => {
    const access: StoredMeasurement = {
      key: "stolen:sign-out:bearer-access",
      value: { accepted: true, status: 200 },
      lab: "replay",
      settings: { BEARER_ACCESS_TTL: "300" },
      measuredAt: AT,
    };
    const one = assembleVerdict(input([access]));
    expect(cell(one, "stolen-sign-out", "bearer").source.kind).toBe("configuration");
    const later = new Date(AT.getTime() + 1000);
    const both = assembleVerdict(
      input([
        access,
        {
          key: "stolen:sign-out:bearer-refresh",
          value: { accepted: false, status: 401 },
          lab: "replay",
          settings: { BEARER_REFRESH_TTL: "1209600" },
          measuredAt: later,
        },
      ]),
    );
    const bearer = cell(both, "stolen-sign-out", "bearer");
    expect(bearer.source).toMatchObject({ kind: "measured", at: AT });
    expect(bearer.tone).toBe("limited");
    expect(plain(bearer.answer, seconds)).toBe(
      "access token: a copy replayed right after its sign-out was accepted (200) · refresh token: a copy replayed right after its sign-out was refused (401)",
    );
  });

  it("the XSS row follows the cookies' real attributes", () => {
    const base = input();
    const exposed = assembleVerdict({
      ...base,
      cookies: { ...base.cookies, session: { ...base.cookies.session, httpOnly: false } },
    });
    expect(cell(exposed, "xss", "session").tone).toBe("risk");
    expect(cell(assembleVerdict(base), "xss", "session").tone).toBe("good");
    expect(cell(assembleVerdict(base), "xss", "bearer").tone).toBe("risk");
  });

  it("a measured bearer pair names each token's detail only where it has one", () => {
    const stolen = (credential: string, accepted: boolean): StoredMeasurement => ({
      key: `stolen:sign-out:${credential}` as StoredMeasurement["key"],
      value: { accepted, status: accepted ? 200 : 401 },
      lab: "replay",
      settings: credential === "bearer-access" ? { BEARER_ACCESS_TTL: "300" } : { BEARER_REFRESH_TTL: "1209600" },
      measuredAt: AT,
    });
    const table = assembleVerdict(input([stolen("bearer-access", true), stolen("bearer-refresh", false)]));
    const bearer = cell(table, "stolen-sign-out", "bearer");
    expect(bearer.source.kind).toBe("measured");
    expect(plain(bearer.detail!, seconds)).toBe("access token: so it still works ≤ 300s (until its exp)");
    expect(plain(bearer.answer, seconds)).toContain(
      "· refresh token: a copy replayed right after its sign-out was refused (401)",
    );
  });
});
