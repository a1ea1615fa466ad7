import type { Probe } from "@/lib/labs/probe";

/** What a lab reports: what it did (steps), and per credential what the endpoint answered before and after. */
export type LabRow = {
  key: string;
  area: "session" | "token" | "bearer";
  label: string;
  before?: Probe;
  after: Probe;
  /** "refused" when the last answer was a 4xx. */
  outcome: "refused" | "accepted";
  note: string;
};

export type LabResult = { lab: string; ranAt: string; steps: string[]; rows: LabRow[]; notes: string[] };

export function row(
  key: string,
  area: LabRow["area"],
  label: string,
  after: Probe,
  note: string,
  before?: Probe,
): LabRow {
  return { key, area, label, before, after, outcome: after.status >= 400 ? "refused" : "accepted", note };
}

type Identity = { session: Probe; jwt: Probe; jwtChecked: Probe; bearer: Probe };

/**
 * The five rows of a lab that replays a captured device's credentials (replay, sign out everywhere): each
 * credential before → after, with what the lab wants to say about it.
 */
export function deviceRows(
  before: Identity,
  after: Identity & { refresh: Probe },
  notes: { session: string; jwt: string; jwtChecked: string; bearer: string; refresh: string },
): LabRow[] {
  return [
    row("session", "session", "Session cookie", after.session, notes.session, before.session),
    row("jwt", "token", "next-auth JWT (default)", after.jwt, notes.jwt, before.jwt),
    row(
      "jwt-revocation",
      "token",
      "next-auth JWT (revocation mode)",
      after.jwtChecked,
      notes.jwtChecked,
      before.jwtChecked,
    ),
    row("bearer-access", "bearer", "Bearer access token", after.bearer, notes.bearer, before.bearer),
    row("bearer-refresh", "bearer", "Bearer refresh token", after.refresh, notes.refresh),
  ];
}
