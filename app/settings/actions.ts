"use server";

import { revalidatePath } from "next/cache";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import type { FormState } from "@/components/form";
import { isDatabaseUnavailable } from "@/lib/db";
import { currentSignIn } from "@/lib/account/current";
import { deleteAccount } from "@/lib/account/delete";
import { changeName } from "@/lib/account/name";
import { changePassword } from "@/lib/account/password";
import { changeRevocationMode, reissueTokenCookie, switchStrategy } from "@/lib/account/credential-policy";
import { actionOriginOk, formFields } from "@/lib/security/action";
import { AREA_HOME, parseStrategy, rememberStrategy, setPreferredStrategy, STRATEGY_LABEL } from "@/lib/strategy";

/** Server actions of /settings. Each checks the Origin first and acts on the sign-in this request carries. */

const REFUSED = "This form was submitted from another site and was refused.";
const UNAVAILABLE = "The database is unavailable right now, so nothing was changed. Try again in a moment.";
const SIGNED_OUT = "/login?next=/settings";

async function guarded(fn: () => Promise<FormState>): Promise<FormState> {
  if (!(await actionOriginOk())) return { error: REFUSED };
  try {
    return await fn();
  } catch (error) {
    if (isDatabaseUnavailable(error)) return { error: UNAVAILABLE };
    throw error;
  }
}

export async function savePreferenceAction(_previous: FormState, form: FormData): Promise<FormState> {
  return guarded(async () => {
    const strategy = parseStrategy(formFields(form, ["strategy"] as const).strategy);
    if (!strategy) return { error: "Choose Session or Token.", fields: { strategy: "Choose Session or Token." } };
    const current = await currentSignIn();
    if (!current) redirect(SIGNED_OUT);
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
}

export async function switchNowAction(_previous: FormState): Promise<FormState> {
  let target: string | null = null;
  const state = await guarded(async () => {
    const outcome = await switchStrategy();
    if (!outcome.ok) {
      target = outcome.reason === "signed-out" ? SIGNED_OUT : "/login?account-deleted=1";
      return {};
    }
    target = `${AREA_HOME[outcome.to]}?switched=1`;
    return {};
  });
  if (target) redirect(target);
  return state;
}

export async function revocationModeAction(_previous: FormState, form: FormData): Promise<FormState> {
  return guarded(async () => {
    const { enabled, revocationPassword } = formFields(form, ["enabled", "revocationPassword"] as const);
    if (enabled !== "true" && enabled !== "false") return { error: "Choose on or off." };
    const current = await currentSignIn();
    if (!current) redirect(SIGNED_OUT);
    // Turning it off widens the window of every future token: the current password is asked (I3).
    const state = await changeRevocationMode(
      current.userId,
      enabled === "true",
      revocationPassword,
      current.ctx.client,
      {
        field: "revocationPassword",
      },
    );
    if (!state.ok) {
      if (state.status === 401 && state.fields.form) redirect(SIGNED_OUT);
      return { error: state.fields.revocationPassword ?? "Revocation mode was not changed.", fields: state.fields };
    }
    // This browser's JWT carries the mode it was issued with: re-issue it so it follows the new mode at once.
    if (current.strategy === "token") await reissueTokenCookie(current, "with the new revocation mode");
    revalidatePath("/settings");
    return {
      message: state.enabled
        ? "Revocation mode is on: new JWTs are checked against your token version on every request (one database read)."
        : "Revocation mode is off: new JWTs are not checked — no database read, and no way to end a copy early.",
    };
  });
}

export async function changeNameAction(_previous: FormState, form: FormData): Promise<FormState> {
  const { name } = formFields(form, ["name"] as const);
  const values = { name: name ?? "" };
  const state = await guarded(async () => {
    const current = await currentSignIn();
    if (!current) redirect(SIGNED_OUT);
    const changed = await changeName(current.userId, name, current.ctx.client);
    if (!changed.ok) return { error: changed.fields.form ?? "Check the name.", fields: changed.fields, values };
    if (current.strategy === "token") await reissueTokenCookie(current, "with the new name");
    revalidatePath("/", "layout");
    return {
      message: `Your name is now “${changed.name}”. ${
        current.strategy === "token"
          ? "This browser's JWT was re-issued with it; copies issued earlier still say the old name until they are re-issued."
          : "Every session shows it on its next request."
      }`,
      values: { name: changed.name },
    };
  });
  return state;
}

export async function changePasswordAction(_previous: FormState, form: FormData): Promise<FormState> {
  return guarded(async () => {
    const input = formFields(form, ["currentPassword", "newPassword"] as const);
    const current = await currentSignIn();
    if (!current) redirect(SIGNED_OUT);
    const changed = await changePassword(current, input);
    if (!changed.ok) return { error: changed.fields.form ?? "The password was not changed.", fields: changed.fields };
    revalidatePath("/settings");
    return {
      message: `Password changed. ${changed.sessionsEnded} other session${changed.sessionsEnded === 1 ? "" : "s"} ended, ${changed.refreshTokensRevoked} refresh token${changed.refreshTokensRevoked === 1 ? "" : "s"} revoked, and every JWT checked in revocation mode is now invalid. This browser stays signed in.`,
    };
  });
}

export async function deleteAccountAction(_previous: FormState, form: FormData): Promise<FormState> {
  let deleted = false;
  const state = await guarded(async () => {
    const { password, confirm } = formFields(form, ["password", "confirm"] as const);
    if (confirm !== "delete")
      return { error: "Type delete to confirm.", fields: { confirm: "Type the word delete to confirm." } };
    const current = await currentSignIn();
    if (!current) redirect(SIGNED_OUT);
    const outcome = await deleteAccount(current, password);
    if (!outcome.ok) return { error: outcome.fields.form ?? "The account was not deleted.", fields: outcome.fields };
    deleted = true;
    return {};
  });
  if (deleted) redirect("/?account-deleted=1");
  return state;
}
