import { Countdown } from "@/components/ui/countdown";
import { DateTime } from "@/components/ui/date-time";
import { formatDuration, fromEpochSeconds } from "@/components/ui/format";
import { Json } from "@/components/ui/json";
import { Note } from "@/components/ui/note";
import { SizeBar } from "@/components/ui/size-bar";
import { RevealLink, SecretPolicyNote, SecretValue } from "@/components/ui/secret";
import type { TokenDescription } from "@/lib/token/jwt";

/**
 * What the browser stores for a next-auth JWT session: the cookie (or its chunks), its attributes, the JWE's
 * protected header and parts, and the claims the server decrypted.
 */
export function BrowserPanel({ d, cookieValue }: { d: TokenDescription; cookieValue: string | null }) {
  const revealed = cookieValue !== null;
  const now = fromEpochSeconds(d.now);
  return (
    <section aria-labelledby="browser-heading" className="card min-w-0 space-y-5 border-t-4 border-t-token-500">
      <div>
        <h2 id="browser-heading" className="text-lg font-semibold">
          What the browser stores
        </h2>
        <p className="mt-1 text-sm text-slate-600">
          {d.chunkCount === 1 ? "One cookie" : `${d.chunkCount} cookie chunks`} holding a JWE: an encrypted JWT (Auth.js
          splits it into <code>.0</code>, <code>.1</code>, … once it passes about {d.limit} bytes).
        </p>
      </div>

      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm" data-testid="cookie-table">
          <thead className="text-xs uppercase text-slate-500">
            <tr>
              <th scope="col" className="py-1 pr-3 font-medium">
                Cookie
              </th>
              <th scope="col" className="py-1 pr-3 font-medium">
                Size of {d.limit} bytes
              </th>
            </tr>
          </thead>
          <tbody>
            {d.cookies.map((c) => (
              <tr key={c.name} className="border-t border-slate-100 align-top">
                <td className="py-2 pr-3 font-mono text-xs break-all" data-testid="cookie-name">
                  {c.name}
                </td>
                <td className="py-2 pr-3">
                  <SizeBar
                    bytes={c.bytes}
                    limit={d.limit}
                    tone="token"
                    label={`${c.name}: ${c.bytes} of ${d.limit} bytes`}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="mt-2 text-xs text-slate-500">
          Chunks: <span data-testid="chunk-count">{d.chunkCount}</span> · sent with every request to this site:{" "}
          {d.totalBytes} bytes.
        </p>
      </div>

      <div>
        <h3 className="text-sm font-semibold">Attributes (as Auth.js sets them)</h3>
        <ul className="mt-2 flex flex-wrap gap-2 text-xs" data-testid="cookie-attributes">
          {Object.entries(d.attributes).map(([name, value]) => (
            <li key={name} className="badge bg-slate-100 font-mono text-slate-700">
              {value === true ? name : value === false ? `no ${name}` : `${name}=${value}`}
            </li>
          ))}
        </ul>
        <p className="mt-2 text-xs text-slate-500">
          HttpOnly: page scripts cannot read it. SameSite=Lax: other sites&apos; forms and fetches do not carry it.
          {d.attributes.Secure
            ? ""
            : " Not Secure here because this is plain http (localhost); on https it is __Secure-."}
        </p>
      </div>

      <div>
        <h3 className="text-sm font-semibold">JWE protected header</h3>
        <Json value={d.jwe.header} label="JWE protected header" testId="jwe-header" />
        <p className="mt-2 text-xs text-slate-500">
          <code>dir</code>: the key is used directly, derived from AUTH_SECRET with HKDF and the cookie name as salt.{" "}
          <code>A256CBC-HS512</code>: AES-256 encryption plus an HMAC, so a changed byte fails to decrypt.{" "}
          <code>kid</code>: a thumbprint of that key.
        </p>
        <table className="mt-3 w-full text-left text-xs">
          <caption className="sr-only">The five parts of the compact JWE</caption>
          <tbody>
            {d.jwe.parts.map((p, i) => (
              <tr key={p.label} className="border-t border-slate-100">
                <th scope="row" className="py-1 pr-3 font-medium text-slate-700">
                  {p.label}
                </th>
                <td className="py-1 pr-3 tabular-nums text-slate-500">{p.length} chars</td>
                <td className="py-1 font-mono break-all text-slate-600">
                  {p.value === "" ? "—" : i === 0 ? p.value : <SecretValue value={p.value} revealed={revealed} />}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="mt-3">
          <SecretPolicyNote
            revealed={revealed}
            why="The cookie is HttpOnly so that no script can read it; printing it into this page would hand it to any script that runs here, undoing HttpOnly — so the server sends the whole JWE only when you reveal it."
          >
            {revealed && (
              <p className="code mb-2" data-testid="jwe-full">
                {cookieValue}
              </p>
            )}
            <RevealLink
              path="/token"
              revealed={revealed}
              warning="the whole JWE will be written into this page, where any script running on it — and anyone who sees your screen — could copy it and be signed in as you until it expires, even after you sign out (in the default mode)."
            />
          </SecretPolicyNote>
        </div>
      </div>

      <div>
        <h3 className="text-sm font-semibold">Decrypted claims</h3>
        <div className="mt-2 overflow-x-auto">
          <table className="w-full text-left text-sm" data-testid="claims-table">
            <tbody>
              {d.claims.map((c) => (
                <tr key={c.name} className="border-t border-slate-100 align-top">
                  <th scope="row" className="py-1.5 pr-3 font-mono text-xs font-semibold">
                    {c.name}
                    {c.kind === "ours" && <span className="ml-1 font-sans font-normal text-token-700">(ours)</span>}
                  </th>
                  {c.time === undefined ? (
                    <td
                      className="py-1.5 pr-3 font-mono text-xs [overflow-wrap:anywhere]"
                      data-testid={`claim-${c.name}`}
                    >
                      {c.value}
                    </td>
                  ) : (
                    <td className="py-1.5 pr-3 font-mono text-xs">
                      <DateTime value={fromEpochSeconds(c.time)} now={now} seconds testId={`claim-${c.name}`} />
                    </td>
                  )}
                  <td className="hidden py-1.5 text-xs text-slate-500 md:table-cell">{c.meaning}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="mt-3 text-sm">
          Expires <Countdown until={fromEpochSeconds(d.expiresAt)} now={now} testId="expiry-countdown" />{" "}
          <span className="text-slate-500">
            (sliding: {formatDuration(d.maxAge)} after the last re-encode, capped at the absolute lifetime)
          </span>
        </p>
        <p className="mt-2 text-xs text-slate-500">
          <code>jti</code>, <code>iat</code> and <code>exp</code> change whenever Auth.js re-encodes the session (every
          call to its session endpoint, e.g. <code>useSession()</code>): press “Re-encode now” and watch. The token is a
          new string each time, yet all copies stay valid until their own <code>exp</code>.
        </p>
      </div>

      <Note title="In short" tone="token">
        Client-side state: the server signs (here: encrypts) it and trusts it on the way back. It needs no lookup — and
        cannot be taken back.
      </Note>
    </section>
  );
}
