import "server-only";
import { headers } from "next/headers";
import type { User } from "@/generated/prisma/client";
import { clientMeta, type ClientMeta } from "@/lib/server/request-meta";
import { isHttps } from "@/lib/security/origin";
import { usesSecureCookies } from "@/lib/token/jwt";
import type { CurrentSignIn } from "@/lib/strategy/viewer";
import { mayExchange, reissueAfterEvent } from "@/lib/strategy/credential-policy";
import { findUser } from "@/lib/accounts/users";

/** What every lab needs: the signed-in user, where the server reaches itself, cookie flavours, the client. */
export type LabContext = {
  user: User;
  current: CurrentSignIn;
  base: string;
  https: boolean;
  secureTokenCookie: boolean;
  client: ClientMeta;
};

export async function labContext(current: CurrentSignIn, base: string): Promise<LabContext | null> {
  const user = await findUser(current.userId);
  // A lab mints devices from this sign-in: a JWT from before a password change or sign out everywhere may not.
  if (!user || !mayExchange(current, user)) return null;
  const h = await headers();
  return {
    user,
    current,
    base,
    https: isHttps(h),
    secureTokenCookie: usesSecureCookies(h),
    client: clientMeta(h),
  };
}

/**
 * After a lab bumped the token version, this browser's own JWT would be dead too (a revocation-mode one at once,
 * any other at its next renewal). It is re-issued in the same request, with the same sign-in time, if it carried
 * the version the account had when the lab started and the lab's own bump produced `versionAfter` (no other event in
 * between: see the credential policy's `reissueAfterEvent`) — so running a lab never signs you out, and never
 * carries a copy past the owner's sign-out. Returns whether it did.
 */
export async function keepViewerSignedIn(lab: LabContext, versionAfter: number | null | undefined): Promise<boolean> {
  return reissueAfterEvent(lab.current, lab.user.tokenVersion, versionAfter, "after a lab");
}
