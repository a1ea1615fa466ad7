"use server";

import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import type { FormState } from "@/components/form";
import { isDatabaseUnavailable } from "@/lib/db";
import { actionOriginOk, formFields } from "@/lib/security/action";
import { signUp } from "@/lib/sign-up";
import { startPasswordSignIn } from "@/lib/account/credential-policy";
import { AREA_HOME, lastStrategy, setPreferredStrategy, strategyForSignIn, type Strategy } from "@/lib/strategy";

export async function signUpAction(_previous: FormState, form: FormData): Promise<FormState> {
  const input = formFields(form, ["email", "name", "password"] as const);
  const values = { email: input.email ?? "", name: input.name ?? "" };
  if (!(await actionOriginOk())) return { error: "This form was submitted from another site and was refused.", values };
  let outcome;
  let strategy: Strategy = "session";
  try {
    outcome = await signUp(input, await headers());
    if (outcome.ok) {
      // The same rule as /login: this browser's last strategy, Session by default — and it becomes the preference.
      strategy = strategyForSignIn(lastStrategy(await cookies()));
      if (strategy !== "session") await setPreferredStrategy(outcome.user.id, strategy);
      await startPasswordSignIn(outcome.user, strategy, "sign-up");
    }
  } catch (error) {
    if (isDatabaseUnavailable(error))
      return { error: "The database is unavailable right now. Try again in a moment.", values };
    throw error;
  }
  if (!outcome.ok) return { error: outcome.error, fields: outcome.fields, values };
  redirect(`${AREA_HOME[strategy]}?signed-up=1`);
}
