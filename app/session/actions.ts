"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { serverAction } from "@/lib/security/server-action";
import { readSession, requestContext, revokeDevice, revokeSession } from "@/lib/session";
import { endEverywhere } from "@/lib/strategy/credential-policy";

/** Server actions of the /session page: sign out, revoke one device, sign out everywhere else. */

export const signOutAction = serverAction({}, async () => {
  await revokeSession();
  redirect("/session/login?signed-out=1");
});

export const revokeDeviceAction = serverAction({ fields: ["id"] }, async ({ id }) => {
  const ctx = await requestContext();
  const current = await readSession(ctx);
  if (!current) redirect("/session/login?next=/session&ended=1");
  const revoked = await revokeDevice(current.user.id, id ?? "", {
    currentSessionId: current.session.id,
    ...ctx.client,
  });
  if (revoked && id === current.session.id) {
    await revokeSession(ctx); // the row is gone already; this expires the cookie
    redirect("/session/login?signed-out=1");
  }
  revalidatePath("/session");
  if (!revoked) return { error: "That session had already ended." };
  return { message: "Session revoked. That device is signed out on its next request." };
});

export const revokeOthersAction = serverAction({}, async () => {
  const ctx = await requestContext();
  const current = await readSession(ctx);
  if (!current) redirect("/session/login?next=/session&ended=1");
  // …and every token of the account: no credential minted before this can be exchanged (SECURITY.md I2).
  const { sessionsEnded: count } = await endEverywhere(current.user.id, {
    except: current.session.id,
    reason: "Signed out everywhere else",
    client: ctx.client,
  });
  revalidatePath("/session");
  return {
    message:
      count === 0
        ? "There were no other sessions to end."
        : `Ended ${count} other ${count === 1 ? "session" : "sessions"}. Only this device is still signed in.`,
  };
});
