"use server";

import { revalidatePath } from "next/cache";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { changeName } from "@/lib/accounts/profile";
import { serverAction } from "@/lib/security/server-action";
import { deleteAccount } from "@/lib/strategy/account-deletion";
import { changeRevocationMode, reissueCurrentJwt, switchStrategy } from "@/lib/strategy/credential-policy";
import { changePassword } from "@/lib/strategy/password-change";
import {
  AREA_HOME,
  parseStrategy,
  rememberStrategy,
  setPreferredStrategy,
  STRATEGY_LABEL,
} from "@/lib/strategy/preference";
import { currentSignIn } from "@/lib/strategy/viewer";

/** Server actions of /settings. Each acts on the sign-in this request carries (serverAction checks the Origin). */

const SIGNED_OUT = "/login?next=/settings";

async function signedIn() {
  const current = await currentSignIn();
  if (!current) redirect(SIGNED_OUT);
  return current;
}

export const savePreferenceAction = serverAction({ fields: ["strategy"] }, async (input) => {
  const strategy = parseStrategy(input.strategy);
  if (!strategy) return { error: "Choose Session or Token.", fields: { strategy: "Choose Session or Token." } };
  const current = await signedIn();
  await setPreferredStrategy(current.userId, strategy);
  rememberStrategy(await cookies(), strategy, current.ctx.https);
  revalidatePath("/settings");
  return {
    message:
      strategy === current.strategy
        ? `Saved: ${STRATEGY_LABEL[strategy]} is your preferred strategy.`
        : `Saved: ${STRATEGY_LABEL[strategy]} is your preferred strategy. You are still signed in with ${STRATEGY_LABEL[current.strategy]} — use “Switch now” to move across.`,
  };
});

export const switchNowAction = serverAction({}, async () => {
  const outcome = await switchStrategy();
  if (!outcome.ok) redirect(outcome.reason === "signed-out" ? SIGNED_OUT : "/login?account-deleted=1");
  redirect(`${AREA_HOME[outcome.to]}?switched=1`);
});

export const revocationModeAction = serverAction({ fields: ["enabled", "revocationPassword"] }, async (input) => {
  const { enabled, revocationPassword } = input;
  if (enabled !== "true" && enabled !== "false") return { error: "Choose on or off." };
  const current = await signedIn();
  // Turning it off widens the window of every future token: the current password is asked (I3).
  const state = await changeRevocationMode(current.userId, enabled === "true", revocationPassword, current.ctx.client, {
    field: "revocationPassword",
  });
  if (!state.ok) {
    if (state.status === 401 && state.fields.form) redirect(SIGNED_OUT);
    return { error: state.fields.revocationPassword ?? "Revocation mode was not changed.", fields: state.fields };
  }
  // This browser's JWT carries the mode it was issued with: re-issued so it follows the new mode at once.
  await reissueCurrentJwt(current, "with the new revocation mode");
  revalidatePath("/settings");
  return {
    message: state.enabled
      ? "Revocation mode is on: new JWTs are checked against your token version on every request (one database read)."
      : "Revocation mode is off: new JWTs are not checked — no database read, and no way to end a copy early.",
  };
});

export const changeNameAction = serverAction({ fields: ["name"], echo: ["name"] }, async ({ name }) => {
  const current = await signedIn();
  const changed = await changeName(current.userId, name, current.ctx.client);
  if (!changed.ok) return { error: changed.fields.form ?? "Check the name.", fields: changed.fields };
  const reissued = await reissueCurrentJwt(current, "with the new name");
  revalidatePath("/", "layout");
  return {
    message: `Your name is now “${changed.name}”. ${
      reissued
        ? "This browser's JWT was re-issued with it; copies issued earlier still say the old name until they are re-issued."
        : "Every session shows it on its next request."
    }`,
    values: { name: changed.name },
  };
});

export const changePasswordAction = serverAction({ fields: ["currentPassword", "newPassword"] }, async (input) => {
  const changed = await changePassword(await signedIn(), input);
  if (!changed.ok) return { error: changed.fields.form ?? "The password was not changed.", fields: changed.fields };
  revalidatePath("/settings");
  const { sessionsEnded: ended, refreshTokensRevoked: revoked } = changed;
  return {
    message: `Password changed. ${ended} other session${ended === 1 ? "" : "s"} ended, ${revoked} refresh token${revoked === 1 ? "" : "s"} revoked, and every JWT checked in revocation mode is now invalid. This browser stays signed in.`,
  };
});

export const deleteAccountAction = serverAction({ fields: ["password", "confirm"] }, async (input) => {
  if (input.confirm !== "delete")
    return { error: "Type delete to confirm.", fields: { confirm: "Type the word delete to confirm." } };
  const outcome = await deleteAccount(await signedIn(), input.password);
  if (!outcome.ok) return { error: outcome.fields.form ?? "The account was not deleted.", fields: outcome.fields };
  redirect("/?account-deleted=1");
});
