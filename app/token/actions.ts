"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type { FormState } from "@/components/form";
import { isDatabaseUnavailable } from "@/lib/db";
import { actionOriginOk } from "@/lib/security/action";
import { clientIp } from "@/lib/security/client-ip";
import { signOut } from "@/lib/token/auth";
import { readTokenSession } from "@/lib/token/read";
import { endTokenSession } from "@/lib/token/revoke";

/**
 * Sign-out of the token area. In revocation mode the account's token version is bumped first (and if that
 * fails, nothing is cleared and the user is told); then next-auth's signOut() clears the cookie and its chunks.
 */
export async function tokenSignOutAction(_previous: FormState): Promise<FormState> {
  if (!(await actionOriginOk())) return { error: "This request came from another site and was refused." };
  try {
    const session = await readTokenSession();
    if (session) {
      const requestHeaders = await headers();
      await endTokenSession(session.claims, {
        ip: clientIp(requestHeaders),
        userAgent: requestHeaders.get("user-agent"),
      });
    }
  } catch (error) {
    if (isDatabaseUnavailable(error))
      return { error: "The database is unavailable, so your tokens could not be revoked. Try again in a moment." };
    throw error;
  }
  await signOut({ redirect: false });
  redirect("/token/login?signed-out=1");
}
