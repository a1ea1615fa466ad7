import { plural } from "@/components/ui/format";
/**
 * THE ONE POLICY FOR SHOWING SECRETS (docs/decisions/0042-one-policy-for-showing-secrets.md), the same on /session,
 * /token and /token/bearer:
 *   1. A credential — anything that, copied, lets someone in or mints something that does: the session cookie's seal
 *      and the random secret sealed in it, the next-auth cookie's JWE, the bearer access and refresh tokens, and the
 *      parts of them that carry their secrecy (ciphertext, IV, salts, MAC, signature) — is shown as its first
 *      PREFIX_LENGTH characters, an ellipsis and its length. Everything that is not a credential (headers, claims,
 *      expiry times, a SHA-256 of a secret) is shown in full.
 *   2. The full value only after an explicit "Reveal", behind a warning that says what revealing does on that page;
 *      "Hide" puts it away again.
 *   3. A page rendered on the server (/session, /token) does not send the full value to the browser at all until it is
 *      revealed: revealing is a request (`?reveal=1`), so a script on the page cannot read what was never sent — and
 *      only a navigation the person started reveals (`isRevealed`): a script that fetches `?reveal=1` itself, with
 *      the browser's cookies, gets the prefixes too, so HttpOnly keeps its meaning.
 *      On /token/bearer both tokens are already in localStorage, where any script can read them — revealing changes
 *      only what is on the screen, and the page says so.
 *   4. Each page explains the policy once, where its credentials are shown (`SecretPolicyNote`).
 */

export const PREFIX_LENGTH = 8;

/** The query parameter that reveals the credentials of a server-rendered page. */
export const REVEAL_PARAM = "reveal";

/**
 * `?reveal=1` reveals — only on a top-level navigation the person started: a click on our Reveal link, a typed
 * address, a reload. The browser says so in Fetch Metadata headers no script can set (`Sec-Fetch-Mode: navigate`,
 * `Sec-Fetch-Dest: document`, `Sec-Fetch-User: ?1`, from this origin or none). A script on the page that fetches the
 * URL itself (to read what HttpOnly hides from it) sends none of them and gets the prefixes; so does a browser that
 * sends no Fetch Metadata at all.
 */
export function isRevealed(
  searchParams: Record<string, string | string[] | undefined>,
  requestHeaders: Headers,
): boolean {
  const site = requestHeaders.get("sec-fetch-site");
  return (
    searchParams[REVEAL_PARAM] === "1" &&
    requestHeaders.get("sec-fetch-mode") === "navigate" &&
    requestHeaders.get("sec-fetch-dest") === "document" &&
    requestHeaders.get("sec-fetch-user") === "?1" &&
    (site === "same-origin" || site === "none")
  );
}

/** The shown form of a credential: its prefix, or the whole value once revealed. */
export function SecretValue({
  value,
  revealed,
  testId,
  className = "",
}: {
  value: string;
  revealed: boolean;
  testId?: string;
  className?: string;
}) {
  if (revealed || value.length <= PREFIX_LENGTH) {
    return (
      <span className={`break-all ${className}`} data-testid={testId} data-revealed="true">
        {value}
      </span>
    );
  }
  return (
    <span className={className} data-testid={testId} data-revealed="false">
      {value.slice(0, PREFIX_LENGTH)}…{" "}
      <span className="font-sans text-[0.7rem]">({plural(value.length, "character")})</span>
    </span>
  );
}

/** The shown form as plain text (for JSON blocks): `abcdefgh… (452 characters)`. */
export function secretText(value: string, revealed: boolean): string {
  return revealed || value.length <= PREFIX_LENGTH
    ? value
    : `${value.slice(0, PREFIX_LENGTH)}… (${plural(value.length, "character")})`;
}

/** The policy in two sentences plus this page's reason, once per page. */
export function SecretPolicyNote({
  revealed,
  why,
  children,
}: {
  revealed: boolean;
  why: string;
  children?: React.ReactNode;
}) {
  return (
    <div
      className="rounded-lg border border-slate-300 bg-slate-50 p-3 text-sm text-slate-800"
      data-testid="secret-policy"
    >
      <p className="font-semibold">How this page shows credentials</p>
      <p className="mt-1">
        {revealed
          ? "Revealed: the full values are on this page now. "
          : `Only the first ${PREFIX_LENGTH} characters and the length of each credential are shown; headers, claims and hashes in full. `}
        {why}
      </p>
      {children && <div className="mt-2">{children}</div>}
    </div>
  );
}

/**
 * Reveal / hide for a server-rendered page: a link to the same page with or without `?reveal=1`, the warning next to
 * it, inside a disclosure so revealing takes two deliberate clicks. Works without JavaScript. Both are plain links,
 * full navigations: `isRevealed` answers only those, and Hide must replace the revealed document (a client-side
 * navigation would leave the values in the old document's inline data).
 */
export function RevealLink({ path, revealed, warning }: { path: string; revealed: boolean; warning: string }) {
  if (revealed) {
    return (
      <a href={path} className="btn-secondary" data-testid="hide-secrets">
        Hide the full values
      </a>
    );
  }
  return (
    <details className="text-sm" data-testid="reveal-secrets">
      <summary className="cursor-pointer font-medium text-slate-800">Reveal the full values…</summary>
      <p className="mt-2 rounded-md border border-amber-300 bg-amber-50 p-2 text-amber-950" role="note">
        <strong>Warning:</strong> {warning}
      </p>
      <a href={`${path}?${REVEAL_PARAM}=1`} className="btn-danger mt-2">
        Reveal them
      </a>
    </details>
  );
}
