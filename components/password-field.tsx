"use client";

import { useEffect, useRef, useState } from "react";
import { Field, type FormState } from "@/components/form";
import { PASSWORD_MAX, PASSWORD_MIN, PASSWORD_MIN_SCORE, passwordLength } from "@/lib/accounts/password-rules";
import type { PasswordAssessment, Score } from "@/lib/accounts/password-strength";

type Assess = typeof import("@/lib/accounts/password-strength").assessPassword;
type Context = { email?: string; name?: string };

let loading: Promise<Assess> | undefined;
/**
 * zxcvbn and its dictionaries (≈ 0.5 MB) load the first time a password field is focused or typed in — never
 * with the page, so no other page pays for them (ADR 0095). Nothing is sent anywhere: the check runs here, and
 * the server runs the same one on submit.
 */
function loadAssess(): Promise<Assess> {
  loading ??= import("@/lib/accounts/password-strength").then(
    (module) => module.assessPassword,
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

const LEVEL: Record<Score, string> = { 0: "Very weak", 1: "Weak", 2: "Fair", 3: "Good", 4: "Strong" };
const BAR: Record<Score, string> = {
  0: "bg-red-600",
  1: "bg-red-500",
  2: "bg-amber-500",
  3: "bg-emerald-500",
  4: "bg-emerald-600",
};

type Verdict =
  | { kind: "empty" }
  | { kind: "length"; text: string }
  | { kind: "checking" }
  | { kind: "unavailable" }
  | { kind: "assessed"; assessment: PasswordAssessment };

/** What the length alone says, without the dictionaries; null once the length is fine. */
function lengthVerdict(password: string): Verdict | null {
  if (password === "") return { kind: "empty" };
  const length = passwordLength(password);
  if (length < PASSWORD_MIN) {
    const missing = PASSWORD_MIN - length;
    return { kind: "length", text: `Too short: ${missing} more character${missing === 1 ? "" : "s"} needed.` };
  }
  if (length > PASSWORD_MAX) return { kind: "length", text: `Too long: use at most ${PASSWORD_MAX} characters.` };
  return null;
}

/**
 * A new-password field with a strength meter: a bar (shape and colour) plus words (level, whether it will be
 * accepted, zxcvbn's warning and suggestions) in a polite live region that also describes the input. The
 * account's email and name count against the password: given as `context`, or read from the form's `email`
 * and `name` fields.
 */
export function PasswordField({
  name,
  label,
  state,
  hint,
  context,
}: {
  name: string;
  label: string;
  state: FormState;
  hint?: string;
  context?: Context;
}) {
  const [value, setValue] = useState("");
  // The last zxcvbn answer and the value it was for (shown while the next one is computed, so the bar never flickers).
  const [assessed, setAssessed] = useState<{ for: string; verdict: Verdict } | null>(null);
  const box = useRef<HTMLDivElement | null>(null);
  const id = `field-${name}-strength`;
  const email = context?.email;
  const accountName = context?.name;

  // React resets the form once its action has answered: the meter follows the emptied field.
  useEffect(() => {
    const form = box.current?.closest("form");
    const clear = () => setValue("");
    form?.addEventListener("reset", clear);
    return () => form?.removeEventListener("reset", clear);
  }, []);

  const byLength = lengthVerdict(value);
  useEffect(() => {
    if (lengthVerdict(value)) return;
    let current = true;
    // A short pause after the last keystroke: zxcvbn can take tens of ms on long inputs.
    const timer = setTimeout(() => {
      const against =
        email !== undefined || accountName !== undefined
          ? { email, name: accountName }
          : fromForm(box.current?.closest("form") ?? null);
      loadAssess().then(
        (assess) => {
          if (current) setAssessed({ for: value, verdict: { kind: "assessed", assessment: assess(value, against) } });
        },
        () => {
          if (current) setAssessed({ for: value, verdict: { kind: "unavailable" } });
        },
      );
    }, 150);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [value, email, accountName]);

  const verdict: Verdict = byLength ?? assessed?.verdict ?? { kind: "checking" };
  const score: Score = verdict.kind === "assessed" ? verdict.assessment.score : 0;
  const filled = verdict.kind === "assessed" ? score + 1 : verdict.kind === "length" ? 1 : 0;
  const summary = describe(verdict);

  return (
    <Field
      name={name}
      label={label}
      type="password"
      autoComplete="new-password"
      state={state}
      hint={hint}
      describedBy={id}
      onFocus={() => void loadAssess().catch(() => undefined)}
      onInput={(event) => setValue(event.currentTarget.value)}
    >
      <div ref={box} className="mt-2" data-testid={`${name}-strength`}>
        <div className="flex items-center gap-2">
          <span id={`${id}-label`} className="text-xs font-medium text-slate-600">
            Strength
          </span>
          <div
            role="meter"
            aria-labelledby={`${id}-label`}
            aria-valuemin={0}
            aria-valuemax={4}
            aria-valuenow={score}
            aria-valuetext={summary.headline}
            className="flex flex-1 gap-1"
          >
            {[0, 1, 2, 3, 4].map((i) => (
              <span
                key={i}
                className={`h-1.5 flex-1 rounded-full ${
                  i < filled ? (verdict.kind === "assessed" ? BAR[score] : "bg-red-500") : "bg-slate-200"
                }`}
              />
            ))}
          </div>
        </div>
        <div id={id} aria-live="polite" aria-atomic="true" className="mt-1 text-xs text-slate-600">
          <p className="font-medium text-slate-800">
            <span className="sr-only">Strength: </span>
            {summary.headline}
          </p>
          {summary.details.map((line) => (
            <p key={line}>{line}</p>
          ))}
        </div>
      </div>
    </Field>
  );
}

function fromForm(form: HTMLFormElement | null): Context {
  const text = (field: string) => {
    const element = form?.elements.namedItem(field);
    return element instanceof HTMLInputElement ? element.value.slice(0, 320) : undefined;
  };
  return { email: text("email"), name: text("name") };
}

function describe(verdict: Verdict): { headline: string; details: string[] } {
  switch (verdict.kind) {
    case "empty":
      return { headline: "Type a password to see how easy it is to guess.", details: [] };
    case "length":
      return { headline: verdict.text, details: [] };
    case "checking":
      return { headline: "Checking…", details: [] };
    case "unavailable":
      return {
        headline: "The check could not load here.",
        details: ["The password is still checked when you submit."],
      };
    case "assessed": {
      const { score, warning, suggestions } = verdict.assessment;
      const accepted = score >= PASSWORD_MIN_SCORE;
      return {
        headline: `${LEVEL[score]} (${score} of 4) — ${accepted ? "accepted" : "too easy to guess, will be refused"}.`,
        details: [warning, ...suggestions].filter((line): line is string => Boolean(line)),
      };
    }
  }
}
