"use client";

import { useActionState } from "react";
import { Field, FormMessage, SubmitButton, type FormState } from "@/components/form";
import { unifiedSignInAction } from "@/app/(auth)/login/actions";

export function UnifiedLoginForm({ next, strategy }: { next?: string; strategy: "session" | "token" }) {
  const [state, action] = useActionState(unifiedSignInAction, {} as FormState);
  return (
    <form action={action} className="space-y-4" noValidate>
      {next && <input type="hidden" name="next" value={next} />}
      <Field name="email" label="Email" type="email" autoComplete="email" state={state} autoFocus />
      <Field name="password" label="Password" type="password" autoComplete="current-password" state={state} />
      <FormMessage state={state} />
      <SubmitButton
        className={strategy === "session" ? "btn-session w-full" : "btn-token w-full"}
        pendingText="Signing in…"
      >
        Sign in
      </SubmitButton>
    </form>
  );
}
