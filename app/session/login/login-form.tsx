"use client";

import { useActionState } from "react";
import { Field, FormMessage, SubmitButton, type FormState } from "@/components/form";
import { sessionSignInAction } from "./actions";

export function SessionLoginForm({ next }: { next: string }) {
  const [state, action] = useActionState(sessionSignInAction, {} as FormState);
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="next" value={next} />
      <Field name="email" label="Email" type="email" autoComplete="username" state={state} autoFocus />
      <Field name="password" label="Password" type="password" autoComplete="current-password" state={state} />
      <SubmitButton className="btn-session w-full" pendingText="Signing in…">
        Sign in with a session
      </SubmitButton>
    </form>
  );
}
