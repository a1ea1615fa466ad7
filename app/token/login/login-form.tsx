"use client";

import { useActionState } from "react";
import { Field, FormMessage, SubmitButton, type FormState } from "@/components/form";
import { tokenSignInAction } from "./actions";

/** `fields`: per-field errors of a sign-in that came back from Auth.js's own callback (see page.tsx). */
export function TokenLoginForm({ next, fields }: { next: string; fields?: Record<string, string> }) {
  const [state, action] = useActionState(tokenSignInAction, (fields ? { fields } : {}) as FormState);
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="next" value={next} />
      <Field name="email" label="Email" type="email" autoComplete="email" state={state} autoFocus />
      <Field name="password" label="Password" type="password" autoComplete="current-password" state={state} />
      <SubmitButton className="btn-token w-full" pendingText="Signing in…">
        Sign in with a token
      </SubmitButton>
    </form>
  );
}
