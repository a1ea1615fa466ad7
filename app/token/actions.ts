"use server";

import { redirect } from "next/navigation";
import { serverAction } from "@/lib/security/server-action";
import { requestMeta } from "@/lib/server/request-meta";
import { readJwt, revokeJwt } from "@/lib/token/jwt";
import { signOut } from "@/lib/token/jwt/nextauth";

/**
 * Sign-out of the token area. In revocation mode the account's token version is bumped first (and if that
 * fails, nothing is cleared and the user is told); then next-auth's signOut() clears the cookie and its chunks.
 */
export const tokenSignOutAction = serverAction(
  { unavailable: "The database is unavailable, so your tokens could not be revoked. Try again in a moment." },
  async () => {
    const session = await readJwt();
    if (session) await revokeJwt(session.claims, await requestMeta());
    await signOut({ redirect: false });
    redirect("/token/login?signed-out=1");
  },
);
