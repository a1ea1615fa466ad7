"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type { FormState } from "@/components/form";
import { isDatabaseUnavailable } from "@/lib/db";
import { actionOriginOk, formFields } from "@/lib/security/action";
import { safeRedirectPath } from "@/lib/security/redirect";
import { startPasswordSession } from "@/lib/account/credential-policy";
import { checkSignIn } from "@/lib/sign-in";

/** Sign-in form of the session area: the shared credential check, then a brand-new session. */
export async function sessionSignInAction(_previous: FormState, form: FormData): Promise<FormState> {
  const input = formFields(form, ["email", "password", "next"] as const);
  const values = { email: input.email ?? "" };
  if (!(await actionOriginOk())) return { error: "This form was submitted from another site and was refused.", values };
  try {
    const check = await checkSignIn({ email: input.email, password: input.password }, await headers(), "session");
    if (!check.ok) {
      const error =
        check.status === 429
          ? `Too many sign-in attempts. Try again in ${waitText(check.retryAfterSeconds ?? 60)}.`
          : check.error;
      return { error, fields: check.fields, values };
    }
    await startPasswordSession(check.user, { ip: check.ip, userAgent: check.userAgent });
  } catch (error) {
    if (isDatabaseUnavailable(error))
      return { error: "The database is unavailable right now. Try again in a moment.", values };
    throw error;
  }
  redirect(safeRedirectPath(input.next, "/session"));
}

function waitText(seconds: number): string {
  if (seconds < 90) return `${seconds} seconds`;
  return `${Math.ceil(seconds / 60)} minutes`;
}
