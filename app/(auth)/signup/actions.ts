"use server";

import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { signUp } from "@/lib/accounts/sign-up";
import { serverAction } from "@/lib/security/server-action";
import { startPasswordSignIn } from "@/lib/strategy/credential-policy";
import { AREA_HOME, lastStrategy, setPreferredStrategy, strategyForSignIn } from "@/lib/strategy/preference";

export const signUpAction = serverAction(
  { fields: ["email", "name", "password"], echo: ["email", "name"] },
  async (input) => {
    const outcome = await signUp(input, await headers());
    if (!outcome.ok) return { error: outcome.error, fields: outcome.fields };
    // The same rule as /login: this browser's last strategy, Session by default — and it becomes the preference.
    const strategy = strategyForSignIn(lastStrategy(await cookies()));
    if (strategy !== "session") await setPreferredStrategy(outcome.user.id, strategy);
    await startPasswordSignIn(outcome.user, strategy, "sign-up");
    redirect(`${AREA_HOME[strategy]}?signed-up=1`);
  },
);
