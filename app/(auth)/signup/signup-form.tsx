"use client";

import { useActionState } from "react";
import { Field, FormMessage, SubmitButton, type FormState } from "@/components/form";
import { PasswordField } from "@/components/password-field";
import { signUpAction } from "./actions";

export function SignUpForm() {
  const [state, action] = useActionState(signUpAction, {} as FormState);
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormMessage state={state} />
      <Field name="email" label="Email" type="email" autoComplete="email" state={state} autoFocus />
      <Field
        name="name"
        label="Display name"
        autoComplete="name"
        state={state}
        hint="Shown in the header and inside your tokens."
      />
      <PasswordField
        name="password"
        label="Password"
        state={state}
        hint="At least 8 characters; long passphrases and any characters welcome (up to 256)."
      />
      <SubmitButton pendingText="Creating your account…">Create account</SubmitButton>
    </form>
  );
}
