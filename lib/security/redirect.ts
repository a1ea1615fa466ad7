/**
 * Keeps every post-sign-in redirect (`next`, `callbackUrl`, `redirectTo`) on our own origin. Accepts only a
 * same-origin path; everything else — `//evil`, `/\evil`, `https:evil`, `https://us@evil`, encoded or
 * tab/newline-prefixed variants, unparseable input — falls back to `fallback`. Never throws.
 */
export function safeRedirectPath(value: unknown, fallback = "/"): string {
  if (typeof value !== "string" || value.length === 0 || value.length > 2048) return fallback;
  // Browsers strip tabs and newlines from URLs and treat backslashes as slashes: judge what they would see.
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return fallback;
  let decoded = value;
  try {
    // Reject paths that only become dangerous after (repeated) percent-decoding, e.g. /%2F%2Fevil.
    for (let i = 0; i < 3; i++) {
      const next = decodeURIComponent(decoded);
      if (next === decoded) break;
      decoded = next;
    }
  } catch {
    return fallback;
  }
  if (/[\u0000-\u001f\u007f\\]/.test(decoded)) return fallback;
  if (!value.startsWith("/") || value.startsWith("//") || decoded.startsWith("//")) return fallback;
  try {
    const base = "http://internal.invalid";
    const url = new URL(value, base);
    if (url.origin !== base) return fallback;
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return fallback;
  }
}
