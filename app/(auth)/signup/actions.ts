"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type { FormState } from "@/components/form";
import { isDatabaseUnavailable } from "@/lib/db";
import { actionOriginOk, formFields } from "@/lib/security/action";
import { signUp } from "@/lib/sign-up";

export async function signUpAction(_previous: FormState, form: FormData): Promise<FormState> {
  const input = formFields(form, ["email", "name", "password"] as const);
  const values = { email: input.email ?? "", name: input.name ?? "" };
  if (!(await actionOriginOk())) return { error: "This form was submitted from another site and was refused.", values };
  let outcome;
  try {
    outcome = await signUp(input, await headers());
  } catch (error) {
    if (isDatabaseUnavailable(error))
      return { error: "The database is unavailable right now. Try again in a moment.", values };
    throw error;
  }
  if (!outcome.ok) return { error: outcome.error, fields: outcome.fields, values };
  redirect("/login?signed-up=1");
}
