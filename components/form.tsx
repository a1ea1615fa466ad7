"use client";

import { useFormStatus } from "react-dom";

export type FormState = {
  error?: string;
  fields?: Record<string, string>;
  /** Echoed back so a failed submit keeps what the user typed. Never contains a password. */
  values?: Record<string, string>;
  message?: string;
};

type FieldProps = {
  name: string;
  label: string;
  type?: string;
  autoComplete?: string;
  state: FormState;
  hint?: string;
  required?: boolean;
  defaultValue?: string;
  autoFocus?: boolean;
  /** Ids of further elements that describe the input (e.g. a strength meter's feedback). */
  describedBy?: string;
  onInput?: React.FormEventHandler<HTMLInputElement>;
  onFocus?: React.FocusEventHandler<HTMLInputElement>;
  /** Rendered under the hint, above the error (e.g. a strength meter). */
  children?: React.ReactNode;
};

/** A labelled input whose error is tied to it (aria-invalid + aria-describedby) and announced. */
export function Field({
  name,
  label,
  type = "text",
  autoComplete,
  state,
  hint,
  required = true,
  defaultValue,
  autoFocus,
  describedBy: more,
  onInput,
  onFocus,
  children,
}: FieldProps) {
  const error = state.fields?.[name];
  const id = `field-${name}`;
  const describedBy =
    [hint ? `${id}-hint` : null, more ?? null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div>
      <label htmlFor={id} className="label">
        {label}
      </label>
      <input
        id={id}
        name={name}
        type={type}
        autoComplete={autoComplete}
        required={required}
        autoFocus={autoFocus}
        defaultValue={type === "password" ? undefined : (state.values?.[name] ?? defaultValue)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        onInput={onInput}
        onFocus={onFocus}
        className="input"
      />
      {hint && (
        <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">
          {hint}
        </p>
      )}
      {children}
      {error && (
        <p id={`${id}-error`} className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

/** The form-level error or success message, announced to screen readers. */
export function FormMessage({ state }: { state: FormState }) {
  if (state.error) {
    return (
      <div
        role="alert"
        className="rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800"
        data-testid="form-error"
      >
        {state.error}
      </div>
    );
  }
  if (state.message) {
    return (
      <div
        role="status"
        className="rounded-lg border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-800"
      >
        {state.message}
      </div>
    );
  }
  return null;
}

export function SubmitButton({
  children,
  className = "btn-primary w-full",
  pendingText,
}: {
  children: React.ReactNode;
  className?: string;
  pendingText?: string;
}) {
  const { pending } = useFormStatus();
  return (
    <button type="submit" className={className} disabled={pending} aria-disabled={pending}>
      {pending ? (pendingText ?? "Working…") : children}
    </button>
  );
}
