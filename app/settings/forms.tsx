"use client";

import { useActionState } from "react";
import { Field, FormMessage, SubmitButton, type FormState } from "@/components/form";
import { PasswordField } from "@/components/password-field";
import {
  changeNameAction,
  changePasswordAction,
  deleteAccountAction,
  revocationModeAction,
  savePreferenceAction,
  switchNowAction,
} from "@/app/settings/actions";

type Strategy = "session" | "token";
const LABEL: Record<Strategy, string> = { session: "Session", token: "Token" };
const initial: FormState = {};

export function StrategyForm({ preferred }: { preferred: Strategy }) {
  const [state, action] = useActionState(savePreferenceAction, initial);
  return (
    <form action={action} className="space-y-4" aria-label="Preferred strategy">
      <fieldset>
        <legend className="label">Preferred strategy</legend>
        <div className="mt-2 grid gap-3 sm:grid-cols-2">
          {(["session", "token"] as const).map((s) => (
            <label
              key={s}
              className={`flex cursor-pointer items-start gap-3 rounded-lg border p-3 has-[:checked]:ring-2 ${
                s === "session"
                  ? "border-slate-200 has-[:checked]:bg-session-50 has-[:checked]:ring-session-500"
                  : "border-slate-200 has-[:checked]:bg-token-50 has-[:checked]:ring-token-500"
              }`}
            >
              <input
                type="radio"
                name="strategy"
                value={s}
                defaultChecked={preferred === s}
                className="mt-1"
                data-testid={`prefer-${s}`}
              />
              <span>
                <span className="block font-semibold">{LABEL[s]}</span>
                <span className="block text-xs text-slate-600">
                  {s === "session"
                    ? "A row in Postgres, a sealed secret in the cookie. Ends the moment it is revoked."
                    : "An encrypted JWT in the cookie, nothing stored. Valid until it expires."}
                </span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      <FormMessage state={state} />
      <SubmitButton className="btn-secondary" pendingText="Saving…">
        Save preference
      </SubmitButton>
    </form>
  );
}

export function SwitchNowForm({ from }: { from: Strategy }) {
  const [state, action] = useActionState(switchNowAction, initial);
  const to: Strategy = from === "session" ? "token" : "session";
  return (
    <form action={action} className="space-y-3">
      <FormMessage state={state} />
      <SubmitButton className={to === "session" ? "btn-session" : "btn-token"} pendingText="Switching…">
        Switch now to {LABEL[to]}
      </SubmitButton>
    </form>
  );
}

export function RevocationModeForm({ enabled }: { enabled: boolean }) {
  const [state, action] = useActionState(revocationModeAction, initial);
  return (
    <form action={action} className="space-y-3">
      <input type="hidden" name="enabled" value={enabled ? "false" : "true"} />
      {enabled ? (
        // Turning it off widens every future token's window, so it asks for the password (SECURITY.md I3).
        <Field
          name="revocationPassword"
          label="Password to turn it off"
          type="password"
          autoComplete="current-password"
          state={state}
        />
      ) : null}
      <FormMessage state={state} />
      <SubmitButton className="btn-secondary" pendingText="Switching…">
        {enabled ? "Turn revocation mode off" : "Turn revocation mode on"}
      </SubmitButton>
    </form>
  );
}

export function NameForm({ name }: { name: string }) {
  const [state, action] = useActionState(changeNameAction, initial);
  return (
    <form action={action} className="space-y-3" noValidate>
      <Field name="name" label="Display name" autoComplete="name" state={state} defaultValue={name} />
      <FormMessage state={state} />
      <SubmitButton className="btn-primary" pendingText="Saving…">
        Save name
      </SubmitButton>
    </form>
  );
}

export function PasswordForm({ email, name }: { email: string; name: string }) {
  const [state, action] = useActionState(changePasswordAction, initial);
  return (
    <form action={action} className="space-y-3" noValidate>
      <Field
        name="currentPassword"
        label="Current password"
        type="password"
        autoComplete="current-password"
        state={state}
      />
      <PasswordField
        name="newPassword"
        label="New password"
        state={state}
        hint="At least 8 characters. Long and unusual beats clever."
        context={{ email, name }}
      />
      <FormMessage state={state} />
      <SubmitButton className="btn-primary" pendingText="Changing…">
        Change password
      </SubmitButton>
    </form>
  );
}

export function DeleteAccountForm() {
  const [state, action] = useActionState(deleteAccountAction, initial);
  return (
    <form action={action} className="space-y-3" noValidate>
      <Field name="password" label="Your password" type="password" autoComplete="current-password" state={state} />
      <Field name="confirm" label="Type “delete” to confirm" autoComplete="off" state={state} />
      <FormMessage state={state} />
      <SubmitButton className="btn-danger" pendingText="Deleting…">
        Delete my account
      </SubmitButton>
    </form>
  );
}
