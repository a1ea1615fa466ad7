"use server";

import { redirect } from "next/navigation";
import type { FormState } from "@/components/form";
import { actionOriginOk, formFields } from "@/lib/security/action";
import { fieldErrors } from "@/lib/security/json";
import { safeRedirectPath } from "@/lib/security/redirect";
import { signIn } from "@/lib/token/auth";
import { signInFailureMessage } from "@/lib/token/create";
import { TOKEN_HOME } from "@/lib/token/redirect";
import { signInSchema } from "@/lib/users";

/**
 * Sign-in of the token area: next-auth's `signIn("credentials")`, which runs `authorize` (the shared
 * checkSignIn), encrypts the JWT and sets the cookie. Auth.js's CSRF token is skipped for server actions, so the
 * Origin is checked here first.
 */
export async function tokenSignInAction(_previous: FormState, form: FormData): Promise<FormState> {
  const input = formFields(form, ["email", "password", "next"] as const);
  const values = { email: input.email ?? "" };
  if (!(await actionOriginOk())) return { error: "This form was submitted from another site and was refused.", values };
  const shape = signInSchema.safeParse(input);
  if (!shape.success) return { error: "Enter your email and password.", fields: fieldErrors(shape.error), values };
  const target = safeRedirectPath(input.next, TOKEN_HOME);
  try {
    await signIn("credentials", { email: input.email, password: input.password, redirect: false, redirectTo: target });
  } catch (error) {
    const message = signInFailureMessage(error);
    if (message) return { error: message, values };
    throw error;
  }
  redirect(target);
}
