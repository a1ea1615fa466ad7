import { safeRedirectPath } from "@/lib/security/redirect";

/** Where a token sign-in lands when no (acceptable) target was asked for. */
export const TOKEN_HOME = "/token";

/**
 * Auth.js's `redirect` callback: every `callbackUrl`/`redirectTo` stays on our origin. A same-origin absolute
 * URL is reduced to its path; anything else — another origin, `//evil`, encoded tricks, unparseable input —
 * lands on the token page. The path itself goes through the app-wide `safeRedirectPath`.
 */
export function authRedirect(url: string, baseUrl: string): string {
  const base = new URL(baseUrl).origin;
  if (url.startsWith("/")) return `${base}${safeRedirectPath(url, TOKEN_HOME)}`;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `${base}${TOKEN_HOME}`;
  }
  if (parsed.origin !== base) return `${base}${TOKEN_HOME}`;
  return `${base}${safeRedirectPath(`${parsed.pathname}${parsed.search}${parsed.hash}`, TOKEN_HOME)}`;
}
