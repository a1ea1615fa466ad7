import "server-only";
import { cookies, headers } from "next/headers";
import { recordEvent } from "@/lib/auth-events";
import { env } from "@/lib/env";
import { clientIp } from "@/lib/security/client-ip";
import { sessionCookieName, usesSecureCookies } from "@/lib/token/cookie";
import { encodeTokenFor, type JwtSubject } from "@/lib/account/jwt";

/**
 * Sets (or replaces) this browser's next-auth session cookie, with the attributes Auth.js uses (HttpOnly,
 * SameSite=Lax, Path=/, Secure on https), and removes any chunks of an earlier, larger cookie. For server
 * actions and route handlers only, called only by the credential policy (lib/account/credential-policy.ts).
 */
export async function issueTokenCookie(
  user: JwtSubject,
  options: { authTime?: number; switched?: true; via: string; log?: boolean },
): Promise<void> {
  const [jar, requestHeaders] = await Promise.all([cookies(), headers()]);
  const secure = usesSecureCookies(requestHeaders);
  const name = sessionCookieName(secure);
  const value = await encodeTokenFor(user, name, options);
  for (const c of jar.getAll()) if (c.name.startsWith(`${name}.`)) expire(jar, c.name, secure);
  jar.set(name, value, { httpOnly: true, sameSite: "lax", path: "/", secure, maxAge: env().TOKEN_MAX_AGE });
  if (options.log === false) return;
  await recordEvent({
    userId: user.id,
    area: "token",
    type: "sign-in",
    detail: `JWT issued ${options.via}${user.jwtRevocation || options.switched ? " in revocation mode" : ""}.`,
    ip: clientIp(requestHeaders),
    userAgent: requestHeaders.get("user-agent"),
  });
}

/** Removes this browser's next-auth cookie and its chunks (the server-side part of a sign-out is done first). */
export async function clearTokenCookie(): Promise<void> {
  const [jar, requestHeaders] = await Promise.all([cookies(), headers()]);
  const secure = usesSecureCookies(requestHeaders);
  const name = sessionCookieName(secure);
  for (const c of jar.getAll()) if (c.name === name || c.name.startsWith(`${name}.`)) expire(jar, c.name, secure);
}

type Jar = Awaited<ReturnType<typeof cookies>>;

/** Expires a cookie with the attributes it was set with (a `__Secure-` cookie can only be replaced over Secure). */
function expire(jar: Jar, name: string, secure: boolean) {
  jar.set(name, "", { httpOnly: true, sameSite: "lax", path: "/", secure, maxAge: 0, expires: new Date(0) });
}
