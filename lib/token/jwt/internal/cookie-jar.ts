import "server-only";
import { cookies, headers } from "next/headers";
import { env } from "@/lib/server/env";
import { sessionCookieName, usesSecureCookies } from "@/lib/token/jwt/internal/cookie";

/**
 * This browser's next-auth session cookie in Next.js' cookie jar, written with the attributes Auth.js uses
 * (HttpOnly, SameSite=Lax, Path=/, Secure on https). For server actions and route handlers only.
 */

type Jar = Awaited<ReturnType<typeof cookies>>;

/** The jar of the current request, and the cookie name (and so the key salt) a JWT for it must be encoded under. */
export async function jwtJar(): Promise<{ jar: Jar; secure: boolean; name: string; headers: Headers }> {
  const [jar, requestHeaders] = await Promise.all([cookies(), headers()]);
  const secure = usesSecureCookies(requestHeaders);
  return { jar, secure, name: sessionCookieName(secure), headers: requestHeaders };
}

/** Sets (or replaces) the cookie and removes any chunks of an earlier, larger one. */
export function setJwtCookie({ jar, secure, name }: Awaited<ReturnType<typeof jwtJar>>, value: string): void {
  for (const c of jar.getAll()) if (c.name.startsWith(`${name}.`)) expire(jar, c.name, secure);
  jar.set(name, value, { httpOnly: true, sameSite: "lax", path: "/", secure, maxAge: env().TOKEN_MAX_AGE });
}

/** Removes this browser's next-auth cookie and its chunks (the server-side part of a sign-out is done first). */
export async function clearJwtCookie(): Promise<void> {
  const { jar, secure, name } = await jwtJar();
  for (const c of jar.getAll()) if (c.name === name || c.name.startsWith(`${name}.`)) expire(jar, c.name, secure);
}

/** Expires a cookie with the attributes it was set with (a `__Secure-` cookie can only be replaced over Secure). */
function expire(jar: Jar, name: string, secure: boolean) {
  jar.set(name, "", { httpOnly: true, sameSite: "lax", path: "/", secure, maxAge: 0, expires: new Date(0) });
}
