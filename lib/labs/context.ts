import "server-only";
import { headers } from "next/headers";
import type { User } from "@/generated/prisma/client";
import { clientIp } from "@/lib/security/client-ip";
import { isHttps } from "@/lib/security/origin";
import { usesSecureCookies } from "@/lib/token/cookie";
import type { CurrentSignIn } from "@/lib/account/current";
import { issueTokenCookie } from "@/lib/account/token-cookie";
import { findUser } from "@/lib/users";

/** What every lab needs: the signed-in user, where the server reaches itself, cookie flavours, the client. */
export type LabContext = {
  user: User;
  current: CurrentSignIn;
  base: string;
  https: boolean;
  secureTokenCookie: boolean;
  client: { ip: string | null; userAgent: string | null };
};

export async function labContext(current: CurrentSignIn, base: string): Promise<LabContext | null> {
  const user = await findUser(current.userId);
  if (!user) return null;
  const h = await headers();
  return {
    user,
    current,
    base,
    https: isHttps(h),
    secureTokenCookie: usesSecureCookies(h),
    client: { ip: clientIp(h), userAgent: h.get("user-agent") },
  };
}

/**
 * After a lab bumped the token version, this browser's own JWT — if it is a revocation-mode one — would be dead
 * too. It is re-issued (same sign-in time) so running a lab never signs you out. Returns whether it did.
 */
export async function keepViewerSignedIn(lab: LabContext): Promise<boolean> {
  if (lab.current.strategy !== "token" || !lab.current.token.claims.revocation) return false;
  const user = await findUser(lab.user.id);
  if (!user) return false;
  await issueTokenCookie(user, { via: "after a lab", authTime: lab.current.token.claims.auth_time, log: false });
  return true;
}
