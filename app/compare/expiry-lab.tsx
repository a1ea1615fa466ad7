"use client";

import { useEffect, useState } from "react";
// Type-only imports from server modules: erased at build time.
import type { ExpiryCredential, ExpiryResult, ExpiryTick } from "@/lib/labs/expiry";
import { IdentityLine, LabError, LabNotes, LabProgress, OutcomeRow } from "@/app/compare/lab-runner";
import { RiskBadge } from "@/app/compare/risk";
import { useLab } from "@/app/compare/use-lab";

const AREA_BORDER = {
  session: "border-t-session-500",
  token: "border-t-token-500",
  bearer: "border-t-amber-400",
} as const;

/** Re-renders every 100 ms while `active`, so the countdowns move smoothly between the server's reports. */
function useNow(active: boolean) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const id = setInterval(() => setNow(Date.now()), 100);
    return () => clearInterval(id);
  }, [active]);
  return now;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function CredentialCard({
  c,
  startedAt,
  sinceReport,
}: {
  c: ExpiryCredential;
  startedAt: number;
  sinceReport: number;
}) {
  const remaining = c.endsInMs - sinceReport;
  const ended = c.state === "ended";
  const overdue = !ended && remaining < 0;
  return (
    <li
      className={`rounded-lg border border-t-4 border-slate-200 bg-white p-3 ${AREA_BORDER[c.area]}`}
      data-testid={`expiry-${c.key}`}
      data-state={c.state}
    >
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <p className="font-semibold text-slate-900">{c.label}</p>
          <p className="text-xs text-slate-500">{c.rule}</p>
        </div>
        {ended ? (
          <RiskBadge risk="safe" />
        ) : (
          <span className="badge bg-white text-slate-700 ring-1 ring-inset ring-slate-300">still accepted</span>
        )}
      </div>
      <p className="mt-2 font-mono text-2xl tabular-nums" role="timer" data-testid={`expiry-${c.key}-countdown`}>
        {ended ? (
          <span className="text-emerald-800">refused at {seconds(Date.parse(c.endedAt!) - startedAt)}</span>
        ) : overdue ? (
          <span className="text-red-700">{seconds(-remaining)} past its end</span>
        ) : (
          <span className="text-slate-900">ends in {seconds(remaining)}</span>
        )}
      </p>
      <p className="mt-1 text-xs text-slate-600">
        {c.last ? (
          c.last.via === "row" ? (
            <>last look: its row ({c.last.status === 200 ? "would be accepted" : "past its end"}), not a request</>
          ) : (
            <>
              last answer: <span className="font-mono">HTTP {c.last.status}</span> at{" "}
              {seconds(Date.parse(c.last.at) - startedAt)}
            </>
          )
        ) : (
          "not asked yet"
        )}
        {" · "}
        {c.uses} request{c.uses === 1 ? "" : "s"}
        {c.renewals > 0 && ` · ${c.renewals} renewal${c.renewals === 1 ? "" : "s"}`}
      </p>
    </li>
  );
}

/** The expiry lab: short-lived credentials of a lab identity, watched live until each is refused. */
export function ExpiryLab({ enabled }: { enabled: boolean }) {
  const { pending, steps, tick, result, error, run } = useLab<ExpiryResult, ExpiryTick>("expiry");
  const now = useNow(pending);
  const live = pending ? tick : null;
  const credentials = live?.value.credentials ?? result?.credentials ?? null;
  const startedAt = live ? Date.parse(live.value.at) - live.value.elapsedMs : result ? Date.parse(result.startedAt) : 0;
  const sinceReport = live ? now - live.receivedAt : 0;

  return (
    <div className="space-y-4" data-testid="lab-expiry">
      <button type="button" className="btn-primary" onClick={() => run({})} disabled={!enabled || pending}>
        {pending ? "Watching…" : result ? "Watch again" : "Start the clocks"}
      </button>
      {pending && !tick && <LabProgress steps={steps} pending={pending} />}
      <LabError error={error} />
      {credentials && (
        <div className="space-y-2">
          {live && (
            <p className="text-sm text-slate-600" aria-live="off" data-testid="expiry-elapsed">
              {seconds(live.value.elapsedMs + sinceReport)} since the credentials were minted · each is asked once a
              second
            </p>
          )}
          <ul className="grid gap-3 sm:grid-cols-2" aria-label="Credentials and their countdowns">
            {credentials.map((c) => (
              <CredentialCard key={c.key} c={c} startedAt={startedAt} sinceReport={sinceReport} />
            ))}
          </ul>
        </div>
      )}
      {result && (
        <div className="space-y-3" aria-live="polite" data-testid="lab-expiry-result" data-risk={result.risk}>
          <IdentityLine identity={result.identity} lab="expiry" />
          <ul className="space-y-2">
            {result.rows.map((r) => (
              <OutcomeRow key={r.key} lab="expiry" r={r} />
            ))}
          </ul>
          <LabNotes notes={result.notes} />
        </div>
      )}
    </div>
  );
}
