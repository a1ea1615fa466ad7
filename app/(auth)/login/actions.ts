"use server";

import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import type { FormState } from "@/components/form";
import { isDatabaseUnavailable } from "@/lib/db";
import { startPasswordSignIn } from "@/lib/account/credential-policy";
import { actionOriginOk, formFields } from "@/lib/security/action";
import { safeRedirectPath } from "@/lib/security/redirect";
import { checkSignIn } from "@/lib/sign-in";
import { AREA_HOME, fromDb, lastStrategy, strategyForSignIn } from "@/lib/strategy";

/**
 * The one sign-in: the shared credential check, then a sign-in with this browser's strategy (the last one used
 * on it), or — on a browser with no history — the account's preferred one; Session by default.
 */
export async function unifiedSignInAction(_previous: FormState, form: FormData): Promise<FormState> {
  const input = formFields(form, ["email", "password", "next"] as const);
  const values = { email: input.email ?? "" };
  if (!(await actionOriginOk())) return { error: "This form was submitted from another site and was refused.", values };
  let target: string;
  try {
    const browser = lastStrategy(await cookies());
    const check = await checkSignIn(
      { email: input.email, password: input.password },
      await headers(),
      browser ?? "session",
    );
    if (!check.ok) return { error: check.error, fields: check.fields, values };
    const strategy = strategyForSignIn(browser, fromDb(check.user.preferredStrategy));
    await startPasswordSignIn(check.user, strategy, "password (the one sign-in page)", {
      ip: check.ip,
      userAgent: check.userAgent,
    });
    target = safeRedirectPath(input.next, AREA_HOME[strategy]);
  } catch (error) {
    if (isDatabaseUnavailable(error))
      return { error: "The database is unavailable right now. Try again in a moment.", values };
    throw error;
  }
  redirect(target);
}
