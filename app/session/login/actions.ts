"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { plural } from "@/components/ui/format";
import { checkSignIn } from "@/lib/accounts/sign-in";
import { safeRedirectPath } from "@/lib/security/redirect";
import { serverAction } from "@/lib/security/server-action";
import { startPasswordSession } from "@/lib/strategy/credential-policy";

/** Sign-in form of the session area: the shared credential check, then a brand-new session. */
export const sessionSignInAction = serverAction(
  { fields: ["email", "password", "next"], echo: ["email"] },
  async (input) => {
    const check = await checkSignIn({ email: input.email, password: input.password }, await headers(), "session");
    if (!check.ok) {
      const error =
        check.status === 429
          ? `Too many sign-in attempts. Try again in ${waitText(check.retryAfterSeconds ?? 60)}.`
          : check.error;
      return { error, fields: check.fields };
    }
    await startPasswordSession(check.user, { ip: check.ip, userAgent: check.userAgent });
    redirect(safeRedirectPath(input.next, "/session"));
  },
);

function waitText(seconds: number): string {
  return seconds < 90 ? plural(seconds, "second") : plural(Math.ceil(seconds / 60), "minute");
}
