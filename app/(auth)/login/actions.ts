"use server";

import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { checkSignIn } from "@/lib/accounts/sign-in";
import { safeRedirectPath } from "@/lib/security/redirect";
import { serverAction } from "@/lib/security/server-action";
import { startPasswordSignIn } from "@/lib/strategy/credential-policy";
import { AREA_HOME, fromDb, lastStrategy, strategyForSignIn } from "@/lib/strategy/preference";

/**
 * The one sign-in: the shared credential check, then a sign-in with this browser's strategy (the last one used
 * on it), or — on a browser with no history — the account's preferred one; Session by default.
 */
export const unifiedSignInAction = serverAction(
  { fields: ["email", "password", "next"], echo: ["email"] },
  async (input) => {
    const browser = lastStrategy(await cookies());
    const check = await checkSignIn(
      { email: input.email, password: input.password },
      await headers(),
      browser ?? "session",
    );
    if (!check.ok) return { error: check.error, fields: check.fields };
    const strategy = strategyForSignIn(browser, fromDb(check.user.preferredStrategy));
    await startPasswordSignIn(check.user, strategy, "password (the one sign-in page)", {
      ip: check.ip,
      userAgent: check.userAgent,
    });
    redirect(safeRedirectPath(input.next, AREA_HOME[strategy]));
  },
);
