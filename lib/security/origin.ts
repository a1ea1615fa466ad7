import { env } from "@/lib/server/env";

/**
 * CSRF defence for every cookie-authenticated state change: the request's Origin must equal our own origin
 * exactly (scheme, host and port). A missing Origin, `Origin: null`, a lookalike host, another scheme or
 * another port are all refused. SameSite=Lax cookies are the first line; this is the second.
 */

/** Our own origin as the browser sees it, derived from the request's Host and scheme. */
function expectedOrigin(headers: Headers): string | null {
  const trustProxy = env().TRUSTED_PROXY !== "none";
  const host = (trustProxy && headers.get("x-forwarded-host")?.split(",")[0]?.trim()) || headers.get("host");
  if (!host) return null;
  // Next.js sets x-forwarded-proto from the socket when no proxy did; behind a trusted proxy it is the proxy's.
  const proto = headers.get("x-forwarded-proto")?.split(",")[0]?.trim() === "https" ? "https" : "http";
  try {
    return new URL(`${proto}://${host}`).origin;
  } catch {
    return null;
  }
}

/**
 * A host as DNS names and IP literals spell it, and a port: nothing a shell or a page could read as syntax. The URL
 * parser keeps quotes, `$`, backticks, `;` and `&` in a host, and a Host header is whatever the client sent.
 */
const PLAIN_ORIGIN = /^https?:\/\/(?:[a-z0-9._-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/;

/**
 * This deployment's origin as the browser that sent these headers sees it (what replay commands should target), or
 * null when the Host is anything but a plain host name: the /compare commands quote it for a shell.
 */
export function requestOrigin(headers: Headers): string | null {
  const origin = expectedOrigin(headers);
  return origin !== null && PLAIN_ORIGIN.test(origin) ? origin : null;
}

export function isSameOrigin(headers: Headers): boolean {
  const origin = headers.get("origin");
  if (!origin || origin === "null") return false;
  const expected = expectedOrigin(headers);
  return expected !== null && origin === expected;
}

/** True when the request was served over https (decides `Secure` and the `__Host-` cookie prefix). */
export function isHttps(headers: Headers): boolean {
  return expectedOrigin(headers)?.startsWith("https://") ?? false;
}
