"use client";

// Type-only imports from server modules: erased at build time, so the client bundle takes nothing from them.
import type { Probe } from "@/lib/labs/probe";
import type { LabResult as Result, LabRow } from "@/lib/labs/types";
import { RISK } from "@/lib/labs/risk";
import { RiskBadge, RISK_STYLE } from "@/app/compare/risk";
import { useLab } from "@/app/compare/use-lab";

const AREA_LABEL = { session: "Session area", token: "Token area · next-auth", bearer: "Token area · bearer" } as const;

/** An HTTP answer as a plain fact, in grey: the judgement is the risk badge, never this. */
export function StatusFact({ probe, testId }: { probe: Probe; testId?: string }) {
  return (
    <span
      className="badge whitespace-nowrap bg-white font-mono text-slate-700 ring-1 ring-inset ring-slate-300"
      data-testid={testId}
      title={`${probe.request} at ${probe.at}`}
    >
      {probe.status} {probe.status < 400 ? "accepted" : "refused"}
    </span>
  );
}

/** What a lab is doing right now: the steps so far, live (no bare spinner). */
export function LabProgress({ steps, pending }: { steps: string[]; pending: boolean }) {
  if (!pending || steps.length === 0) return null;
  return (
    <ol className="space-y-1 text-sm text-slate-600" aria-live="polite" data-testid="lab-progress">
      {steps.map((s, i) => (
        <li key={`${i}-${s}`} className="flex items-center gap-2">
          <span aria-hidden>{i === steps.length - 1 ? "…" : "✓"}</span>
          {s}
        </li>
      ))}
    </ol>
  );
}

/** A lab's error, announced (the request was refused or failed; nothing ran on the account). */
export function LabError({ error }: { error: string | null | undefined }) {
  if (!error) return null;
  return (
    <div role="alert" className="rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
      {error}
    </div>
  );
}

/** The notes under a lab's result: how it was measured, and what it cannot show. */
export function LabNotes({ notes }: { notes: readonly string[] }) {
  return notes.map((n) => (
    <p key={n} className="text-sm text-slate-600">
      {n}
    </p>
  ));
}

/** One outcome: the risk first (badge + words), then the HTTP facts and the reason. */
export function OutcomeRow({ lab, r, showNames }: { lab: string; r: LabRow; showNames?: boolean }) {
  const style = RISK_STYLE[r.risk];
  return (
    <li
      className={`rounded-lg border border-l-4 border-slate-200 bg-white p-3 ${style.border}`}
      data-testid={`result-${lab}-${r.key}`}
      data-risk={r.risk}
      data-status={r.after.status}
      data-before={r.before?.status ?? ""}
      data-name={r.after.name ?? ""}
    >
      <div className="flex flex-wrap items-start justify-between gap-x-3 gap-y-1.5">
        <div className="min-w-0">
          <span className="font-semibold text-slate-900">{r.label}</span>
          <span className="block text-xs text-slate-500">
            {AREA_LABEL[r.area]} · {r.event}
          </span>
        </div>
        <RiskBadge risk={r.risk} testId={`risk-${lab}-${r.key}`} />
      </div>
      <p className={`mt-2 text-sm font-medium ${style.text}`} data-testid={`verdict-${lab}-${r.key}`}>
        <span className="sr-only">{RISK[r.risk].label}: </span>
        {r.verdict}
      </p>
      <p className="mt-1 flex flex-wrap items-center gap-1.5 text-xs text-slate-600">
        <span>HTTP:</span>
        {r.before && (
          <>
            <span className="sr-only">before the event:</span>
            <StatusFact probe={r.before} />
            <span aria-hidden className="text-slate-400">
              →
            </span>
            <span className="sr-only">after:</span>
          </>
        )}
        <StatusFact probe={r.after} />
        <span className="font-mono text-slate-600">{r.after.request}</span>
      </p>
      {showNames && (
        <p className="mt-1 text-sm text-slate-700">
          {r.before && (
            <>
              before: <strong>{r.before.name ?? "—"}</strong> ·{" "}
            </>
          )}
          now says: <strong data-testid={`name-${lab}-${r.key}`}>{r.after.name ?? "—"}</strong>
        </p>
      )}
      <p className="mt-1 text-sm text-slate-600">{r.note}</p>
    </li>
  );
}

/** The identity a lab acted on, in one line: never your account. */
export function IdentityLine({ identity, lab }: { identity: Result["identity"]; lab: string }) {
  return (
    <p className="text-xs text-slate-500" data-testid={`lab-${lab}-identity`}>
      Acted on the lab identity <span className="font-mono">{identity.email}</span> (“{identity.name}”), made for this
      run and deleted within the hour — never on your account.
    </p>
  );
}

/** Runs one lab through POST /api/compare/<lab> and shows what each endpoint answered, judged by risk. */
export function LabRunner({
  lab,
  label,
  enabled,
  askName,
  showNames,
}: {
  lab: string;
  label: string;
  enabled: boolean;
  askName?: string;
  showNames?: boolean;
}) {
  const { pending, steps, result, error, fields, run } = useLab<Result>(lab);
  const fieldError = fields?.name ?? null;

  return (
    <div className="space-y-4" data-testid={`lab-${lab}`}>
      <form
        action={(form) => run(askName ? { name: String(form.get("name") ?? "") } : {})}
        className="flex flex-wrap items-end gap-3"
        noValidate
      >
        {askName && (
          <div className="min-w-0 flex-1 sm:max-w-xs">
            <label htmlFor={`${lab}-name`} className="label">
              New display name of the lab identity
            </label>
            <input
              id={`${lab}-name`}
              name="name"
              className="input"
              defaultValue={askName}
              autoComplete="off"
              aria-invalid={fieldError ? true : undefined}
              aria-describedby={fieldError ? `${lab}-name-error` : undefined}
            />
            {fieldError && (
              <p id={`${lab}-name-error`} className="field-error" role="alert">
                {fieldError}
              </p>
            )}
          </div>
        )}
        <button type="submit" className="btn-primary" disabled={!enabled || pending}>
          {pending ? "Running…" : result ? `Run again` : label}
        </button>
      </form>
      <LabProgress steps={steps} pending={pending} />
      <LabError error={error} />
      {result && (
        <div className="space-y-3" aria-live="polite" data-testid={`lab-${lab}-result`} data-risk={result.risk}>
          <IdentityLine identity={result.identity} lab={lab} />
          <ol className="list-decimal space-y-1 pl-5 text-sm text-slate-700">
            {result.steps.map((s) => (
              <li key={s}>{s}</li>
            ))}
          </ol>
          <ul className="space-y-2">
            {result.rows.map((r) => (
              <OutcomeRow key={r.key} lab={lab} r={r} showNames={showNames} />
            ))}
          </ul>
          <LabNotes notes={result.notes} />
        </div>
      )}
    </div>
  );
}
