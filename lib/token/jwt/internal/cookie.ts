import "server-only";
import { env } from "@/lib/server/env";
import { isHttps } from "@/lib/security/origin";

/**
 * The next-auth session cookie as the browser holds it. Auth.js names it `authjs.session-token`
 * (`__Secure-authjs.session-token` on https) and, when the encrypted token would not fit in one cookie, splits
 * it into `<name>.0`, `<name>.1`, … of at most 3936 characters each. The cookie name is also the HKDF salt of
 * the encryption key, so reading it under the wrong name fails to decrypt.
 */

/** Browsers keep at most this many bytes of name=value per cookie. */
export const COOKIE_LIMIT = 4096;
/** Auth.js's chunk size: the limit minus its estimate of the attributes' size. */
export const AUTHJS_CHUNK_SIZE = COOKIE_LIMIT - 160;
/** A session cookie longer than this (all chunks together) is not even looked at. */
const MAX_SESSION_COOKIE_LENGTH = 4 * COOKIE_LIMIT;

export type CookiePair = { name: string; value: string };
export type SessionCookie = { name: string; value: string; chunks: CookiePair[] };

/** Whether Auth.js uses `__Secure-` cookies for this request: AUTH_URL's scheme when set, else the request's. */
export function usesSecureCookies(headers: Headers): boolean {
  const url = env().AUTH_URL;
  if (url) return new URL(url).protocol === "https:";
  return isHttps(headers);
}

export function sessionCookieName(secure: boolean): string {
  return `${secure ? "__Secure-" : ""}authjs.session-token`;
}

/**
 * Reassembles the session cookie from a request's cookies: the unchunked cookie when present, otherwise the
 * chunks `<name>.0 … <name>.n` in order (a gap means a broken cookie: signed out). Null when absent or absurdly
 * long.
 */
export function collectSessionCookie(all: readonly CookiePair[], name: string): SessionCookie | null {
  const whole = all.find((c) => c.name === name && c.value);
  if (whole) {
    if (whole.value.length > MAX_SESSION_COOKIE_LENGTH) return null;
    return { name, value: whole.value, chunks: [{ name, value: whole.value }] };
  }
  const pattern = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\.(\\d{1,2})$`);
  const chunks = all
    .map((c) => ({ cookie: c, index: Number(pattern.exec(c.name)?.[1] ?? NaN) }))
    .filter((c) => Number.isInteger(c.index) && c.cookie.value)
    .sort((a, b) => a.index - b.index);
  if (chunks.length === 0 || chunks.some((c, i) => c.index !== i)) return null;
  const value = chunks.map((c) => c.cookie.value).join("");
  if (value.length > MAX_SESSION_COOKIE_LENGTH) return null;
  return { name, value, chunks: chunks.map((c) => ({ name: c.cookie.name, value: c.cookie.value })) };
}

/**
 * The attributes Auth.js sets on the session cookie (the browser never sends them back, so we state them). The
 * expiry reads as every time in the app does: "2026-12-04 17:05:09 UTC" (components/ui/format.ts).
 */
export function sessionCookieAttributes(secure: boolean, expiresAt: Date) {
  const expires = `${expiresAt.toISOString().slice(0, 19).replace("T", " ")} UTC`;
  return { HttpOnly: true, Secure: secure, SameSite: "Lax", Path: "/", Expires: expires };
}

/** Bytes of one `name=value` pair, which is what the browser's per-cookie limit counts. */
export function cookieBytes(cookie: CookiePair): number {
  return Buffer.byteLength(`${cookie.name}=${cookie.value}`);
}
