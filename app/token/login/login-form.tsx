"use client";

import { useActionState } from "react";
import { Field, FormMessage, SubmitButton, type FormState } from "@/components/form";
import { tokenSignInAction } from "./actions";

export function TokenLoginForm({ next }: { next: string }) {
  const [state, action] = useActionState(tokenSignInAction, {} as FormState);
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
