import "server-only";
import { env } from "@/lib/server/env";
import { formatSeconds } from "@/lib/labs/words";
import type { Probe } from "@/lib/labs/probe";
import { row, shouldHaveEnded, type LabRow } from "@/lib/labs/types";

type Identity = { session: Probe; jwt: Probe; jwtChecked: Probe; bearer: Probe };

/**
 * The five rows of a lab that replays a captured device's credentials after an event that should end them (replay
 * after sign-out, sign out everywhere): each credential before → after, judged by what a stolen copy can still do.
 */
export function deviceRows(
  before: Identity,
  after: Identity & { refresh: Probe },
  event: string,
  notes: { session: string; jwt: string; jwtChecked: string; bearer: string; refresh: string },
): LabRow[] {
  const c = env();
  const jwtWindow = `up to ${formatSeconds(c.TOKEN_MAX_AGE)} after its last renewal, renewable for up to ${formatSeconds(c.TOKEN_ABSOLUTE_LIFETIME)}`;
  return [
    row({
      key: "session",
      area: "session",
      label: "Session cookie",
      event,
      before: before.session,
      after: after.session,
      judge: shouldHaveEnded(["exposed", "A stolen copy still works: the row was not deleted."]),
      note: notes.session,
    }),
    row({
      key: "jwt",
      area: "token",
      label: "next-auth JWT (default mode)",
      event,
      before: before.jwt,
      after: after.jwt,
      judge: shouldHaveEnded(["exposed", `A stolen copy still works, ${jwtWindow}: nothing on the server can end it.`]),
      note: notes.jwt,
    }),
    row({
      key: "jwt-revocation",
      area: "token",
      label: "next-auth JWT (revocation mode)",
      event,
      before: before.jwtChecked,
      after: after.jwtChecked,
      judge: shouldHaveEnded(["exposed", "A stolen copy still works: its token version was not bumped."]),
      note: notes.jwtChecked,
    }),
    row({
      key: "bearer-access",
      area: "bearer",
      label: "Bearer access token",
      event,
      before: before.bearer,
      after: after.bearer,
      judge: shouldHaveEnded([
        "limited",
        `A stolen copy still works until its exp — at most ${formatSeconds(c.BEARER_ACCESS_TTL)} — and cannot be renewed.`,
      ]),
      note: notes.bearer,
    }),
    row({
      key: "bearer-refresh",
      area: "bearer",
      label: "Bearer refresh token",
      event,
      after: after.refresh,
      judge: shouldHaveEnded(
        ["exposed", "A stolen copy still mints new access tokens: its family was not revoked."],
        "Ended: a stolen copy cannot mint new access tokens.",
      ),
      note: notes.refresh,
    }),
  ];
}
