"use client";

import { useState } from "react";

// Type-only imports: erased at build time, so the client bundle takes nothing from these server modules.
import type { Probe } from "@/lib/labs/probe";
import type { LabResult as Result } from "@/lib/labs/types";

const AREA_STYLE = {
  session: "border-l-session-500",
  token: "border-l-token-500",
  bearer: "border-l-amber-400",
} as const;

export function StatusPill({ probe, testId }: { probe: Probe; testId?: string }) {
  const ok = probe.status < 400;
  return (
    <span
      className={`badge whitespace-nowrap font-mono ${ok ? "bg-emerald-100 text-emerald-900" : "bg-red-100 text-red-900"}`}
      data-testid={testId}
      title={probe.request}
    >
      {probe.status} {ok ? "accepted" : "refused"}
    </span>
  );
}

/** Runs one lab through POST /api/compare/<lab> and shows what each endpoint answered. */
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
  const [result, setResult] = useState<Result | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function run(form?: FormData) {
    setPending(true);
    setError(null);
    setFieldError(null);
    try {
      const body = askName ? { name: String(form?.get("name") ?? "") } : {};
      const response = await fetch(`/api/compare/${lab}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      const data = await response.json().catch(() => ({}));
      if (!response.ok) {
        setError(data.error ?? `The lab failed (${response.status}).`);
        if (data.fields?.name) setFieldError(data.fields.name);
        return;
      }
      setResult(data as Result);
    } catch {
      setError("The lab could not reach the server. Try again.");
    } finally {
      setPending(false);
    }
  }

  return (
    <div className="space-y-4" data-testid={`lab-${lab}`}>
      <form action={(form) => run(form)} className="flex flex-wrap items-end gap-3" noValidate>
        {askName && (
          <div className="min-w-0 flex-1 sm:max-w-xs">
            <label htmlFor={`${lab}-name`} className="label">
              New display name
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
      {error && (
        <div role="alert" className="rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {error}
        </div>
      )}
      {result && (
        <div className="space-y-3" aria-live="polite" data-testid={`lab-${lab}-result`}>
          <ol className="list-decimal space-y-1 pl-5 text-sm text-slate-700">
            {result.steps.map((s) => (
              <li key={s}>{s}</li>
            ))}
          </ol>
          <ul className="space-y-2">
            {result.rows.map((r) => (
              <li
                key={r.key}
                className={`rounded-lg border border-l-4 border-slate-200 bg-white p-3 ${AREA_STYLE[r.area]}`}
                data-testid={`result-${lab}-${r.key}`}
                data-status={r.after.status}
                data-before={r.before?.status ?? ""}
                data-name={r.after.name ?? ""}
              >
                <div className="flex flex-wrap items-center justify-between gap-x-3 gap-y-1.5">
                  <span className="font-semibold text-slate-900">{r.label}</span>
                  <span className="flex items-center gap-1.5 whitespace-nowrap">
                    {r.before && (
                      <>
                        <span className="sr-only">before:</span>
                        <StatusPill probe={r.before} />
                        <span aria-hidden className="text-slate-400">
                          →
                        </span>
                        <span className="sr-only">after:</span>
                      </>
                    )}
                    <StatusPill probe={r.after} />
                  </span>
                </div>
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
                <p className="mt-1 font-mono text-xs text-slate-400">{r.after.request}</p>
              </li>
            ))}
          </ul>
          {result.notes.map((n) => (
            <p key={n} className="text-sm text-slate-600">
              {n}
            </p>
          ))}
        </div>
      )}
    </div>
  );
}
