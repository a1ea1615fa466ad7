"use client";

import { useActionState } from "react";
import { Field, FormMessage, SubmitButton, type FormState } from "@/components/form";

/** What signs in: a server action (session, next-auth, the unified /login) or the bearer page's API call. */
export type SignInAction = (state: FormState, form: FormData) => Promise<FormState>;

/**
 * The one sign-in form: email and password, autocompleted as `email` and `current-password`, its errors announced
 * and tied to their fields. `action` decides where the credentials go; `next` (when given) rides along as a hidden
 * field for the action's redirect.
 */
export function LoginForm({
  action,
  initialState = {},
  next,
  tone,
  submitLabel,
  autoFocus = true,
}: {
  action: SignInAction;
  initialState?: FormState;
  next?: string;
  tone: "session" | "token";
  submitLabel: string;
  autoFocus?: boolean;
}) {
  const [state, formAction] = useActionState(action, initialState);
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <FormMessage state={state} />
      {next !== undefined && <input type="hidden" name="next" value={next} />}
      <Field name="email" label="Email" type="email" autoComplete="email" state={state} autoFocus={autoFocus} />
      <Field name="password" label="Password" type="password" autoComplete="current-password" state={state} />
      <SubmitButton className={`${tone === "session" ? "btn-session" : "btn-token"} w-full`} pendingText="Signing in…">
        {submitLabel}
      </SubmitButton>
    </form>
  );
}
