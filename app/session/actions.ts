"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import type { FormState } from "@/components/form";
import { isDatabaseUnavailable } from "@/lib/db";
import { actionOriginOk, formFields } from "@/lib/security/action";
import { endEverywhere } from "@/lib/account/credential-policy";
import { readSession, requestContext, revokeSession, signOutSession } from "@/lib/session";

/** Server actions of the /session page: sign out, revoke one device, sign out everywhere else. */

const REFUSED = "This form was submitted from another site and was refused.";
const UNAVAILABLE = "The database is unavailable right now, so nothing was changed. Try again in a moment.";

export async function signOutAction(_previous: FormState, _form: FormData): Promise<FormState> {
  if (!(await actionOriginOk())) return { error: REFUSED };
  try {
    await signOutSession();
  } catch (error) {
    if (isDatabaseUnavailable(error)) return { error: UNAVAILABLE };
    throw error;
  }
  redirect("/session/login?signed-out=1");
}

export async function revokeDeviceAction(_previous: FormState, form: FormData): Promise<FormState> {
  if (!(await actionOriginOk())) return { error: REFUSED };
  const { id } = formFields(form, ["id"] as const);
  let outcome: "signed-out" | "self" | "gone" | "revoked";
  try {
    const ctx = await requestContext();
    const current = await readSession(ctx);
    if (!current) {
      outcome = "signed-out";
    } else if (
      !(await revokeSession(current.user.id, id ?? "", { currentSessionId: current.session.id, ...ctx.client }))
    ) {
      outcome = "gone";
    } else if (id === current.session.id) {
      await signOutSession(ctx); // the row is gone already; this expires the cookie
      outcome = "self";
    } else {
      outcome = "revoked";
    }
  } catch (error) {
    if (isDatabaseUnavailable(error)) return { error: UNAVAILABLE };
    throw error;
  }
  if (outcome === "signed-out") redirect("/session/login?next=/session&ended=1");
  if (outcome === "self") redirect("/session/login?signed-out=1");
  revalidatePath("/session");
  if (outcome === "gone") return { error: "That session had already ended." };
  return { message: "Session revoked. That device is signed out on its next request." };
}

export async function revokeOthersAction(_previous: FormState, _form: FormData): Promise<FormState> {
  if (!(await actionOriginOk())) return { error: REFUSED };
  let count: number | null;
  try {
    const ctx = await requestContext();
    const current = await readSession(ctx);
    // …and every token of the account: no credential minted before this can be exchanged (SECURITY.md I2).
    count = current
      ? (
          await endEverywhere(current.user.id, {
            except: current.session.id,
            reason: "Signed out everywhere else",
            client: ctx.client,
          })
        ).sessionsEnded
      : null;
  } catch (error) {
    if (isDatabaseUnavailable(error)) return { error: UNAVAILABLE };
    throw error;
  }
  if (count === null) redirect("/session/login?next=/session&ended=1");
  revalidatePath("/session");
  return {
    message:
      count === 0
        ? "There were no other sessions to end."
        : `Ended ${count} other ${count === 1 ? "session" : "sessions"}. Only this device is still signed in.`,
  };
}
