"use client";

import { useActionState } from "react";
import { FormMessage, SubmitButton, type FormState } from "@/components/form";
import { tokenSignOutAction } from "../actions";

export function TokenSignOutForm() {
  const [state, action] = useActionState(tokenSignOutAction, {} as FormState);
  return (
    <form action={action} className="space-y-2">
      <FormMessage state={state} />
      <SubmitButton className="btn-secondary" pendingText="Signing out…">
        Sign out
      </SubmitButton>
    </form>
  );
}
