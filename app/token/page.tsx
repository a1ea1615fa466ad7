import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { recentEvents } from "@/lib/accounts/audit-log";
import { isDatabaseUnavailable } from "@/lib/server/outage";
import { describeJwt, readJwt, type TokenDescription, type TokenSession } from "@/lib/token/jwt";
import { Countdown } from "./countdown";
import { formatDuration, formatUtc } from "./format";
import { ReencodeButton, RevocationToggle } from "./session-controls";
import { TokenSignOutForm } from "./sign-out-form";

export const metadata: Metadata = { title: "Token area" };

function Unavailable() {
  return (
    <div role="alert" className="card mx-auto max-w-xl border-red-200 bg-red-50 text-red-900">
      <h1 className="text-lg font-semibold">The database is unavailable</h1>
      <p className="mt-2 text-sm">
        Your token is in revocation mode, so it cannot be accepted without asking the database — and the database is not
        answering. This is the price of revocation: fail closed. Try again in a moment.
      </p>
    </div>
  );
}

function Note({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <div className="rounded-lg border border-token-100 bg-token-50 p-3 text-sm text-token-900">
      <p className="font-semibold">{title}</p>
      <p className="mt-1">{children}</p>
    </div>
  );
}

function Json({ value, label, testId }: { value: unknown; label: string; testId?: string }) {
  return (
    <pre className="code" aria-label={label} data-testid={testId}>
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}

/** Words for events logged without a detail (failed sign-ins are logged by the shared sign-in check). */
const EVENT_TEXT: Record<string, string> = { "sign-in-failed": "A sign-in attempt with a wrong email or password." };

async function lifecycle(userId: string) {
  try {
    return await recentEvents(userId, "token", 8);
  } catch (error) {
    if (isDatabaseUnavailable(error)) return null;
    throw error;
  }
}

export default async function TokenPage() {
  let session: TokenSession | null;
  try {
    session = await readJwt();
  } catch (error) {
    if (isDatabaseUnavailable(error)) return <Unavailable />;
    throw error;
  }
  if (!session) redirect("/token/login?next=/token");

  const d = describeJwt(session);
  const { claims } = session;
  const now = d.now;
  const events = await lifecycle(claims.sub);

  return (
    <div className="space-y-8">
      <header className="flex flex-col gap-4 sm:flex-row sm:items-end sm:justify-between">
        <div>
          <p className="text-sm font-semibold uppercase tracking-wide text-token-600">Token area · next-auth JWT</p>
          <h1 className="mt-1 text-2xl font-bold tracking-tight sm:text-3xl">Your token session</h1>
          <p className="mt-2 max-w-2xl text-slate-600">
            Signed in as <strong data-testid="token-user">{claims.name}</strong> ({claims.email}). Everything the server
            knows about this sign-in is inside the cookie below — encrypted, so only the server can read it.
          </p>
        </div>
        <div className="flex flex-wrap items-start gap-3">
          <ReencodeButton />
          <TokenSignOutForm />
        </div>
      </header>

      <div className="grid items-start gap-6 lg:grid-cols-2">
        <ServerPanel d={d} now={now} />
        <BrowserPanel d={d} now={now} />
      </div>

      <section aria-labelledby="log-heading" className="card">
        <h2 id="log-heading" className="text-lg font-semibold">
          Lifecycle log
        </h2>
        <p className="mt-1 text-sm text-slate-600">
          Sign-ins, sign-outs and mode changes of this area. Renewals are not logged: writing a row on every re-encode
          would cost the database write that JWT sessions exist to avoid.
        </p>
        {events === null ? (
          <p className="mt-3 text-sm text-red-700" role="status">
            The log is unavailable while the database is down.
          </p>
        ) : events.length === 0 ? (
          <p className="mt-3 text-sm text-slate-500">Nothing yet.</p>
        ) : (
          <ol className="mt-3 divide-y divide-slate-100 text-sm" data-testid="token-events">
            {events.map((e) => (
              <li key={e.id} className="flex flex-col gap-1 py-2 sm:flex-row sm:gap-4">
                <span className="shrink-0 font-mono text-xs text-slate-500 sm:w-44">
                  {formatUtc(Math.floor(e.createdAt.getTime() / 1000))}
                </span>
                <span className="badge shrink-0 self-start bg-token-100 text-token-900">{e.type}</span>
                <span className="text-slate-700">{e.detail ?? EVENT_TEXT[e.type] ?? ""}</span>
              </li>
            ))}
          </ol>
        )}
      </section>

      <section aria-labelledby="compare-heading" className="grid gap-4 sm:grid-cols-2">
        <h2 id="compare-heading" className="sr-only">
          What this means
        </h2>
        <Note title="No database lookup">
          {d.server.revocation
            ? "Except now: revocation mode reads your token version on every request — one query, the same cost class as a server-side session."
            : "Accepting this token costs an AES decryption and an HMAC check, not a query. That is the whole appeal."}
        </Note>
        <Note title="Scales out">
          Any instance that knows AUTH_SECRET can read the token; there is no shared session store to reach or keep
          consistent.
        </Note>
        <Note title="Cannot be revoked">
          Signing out deletes the cookie in this browser only. A copy stays valid until{" "}
          {d.server.revocation ? "the token version changes (revocation mode)" : "its exp"}; a changed name stays stale
          in it until it is re-issued.
        </Note>
        <Note title="Theft">
          HttpOnly keeps scripts on this page from reading the cookie, but malware, a proxy or a leaked log that sees it
          can replay it from anywhere until it expires — see the replay lab on{" "}
          <Link href="/compare" className="underline">
            Compare
          </Link>
          .
        </Note>
      </section>

      <p className="text-sm text-slate-600">
        Want the classic API style instead?{" "}
        <Link href="/token/bearer" className="link">
          The bearer flow keeps tokens in localStorage
        </Link>{" "}
        — and shows why that is riskier.
      </p>
    </div>
  );
}

function ServerPanel({ d, now }: { d: TokenDescription; now: number }) {
  const { server } = d;
  return (
    <section aria-labelledby="server-heading" className="card min-w-0 space-y-5 border-t-4 border-t-slate-400">
      <div>
        <h2 id="server-heading" className="text-lg font-semibold">
          What the server stores
        </h2>
        <p className="mt-1 text-sm text-slate-600">Nothing for this session.</p>
      </div>
      <div className="flex items-center gap-4">
        <span className="text-5xl font-bold tabular-nums text-slate-900" data-testid="server-rows">
          {server.rows}
        </span>
        <p className="text-sm text-slate-600">
          rows for this sign-in. No session row, no token row: Auth.js&apos;s JWT strategy writes nothing. (The session
          area keeps one row per sign-in.)
        </p>
      </div>
      <dl className="grid grid-cols-1 gap-x-4 gap-y-3 text-sm sm:grid-cols-[auto_1fr]">
        <dt className="font-medium text-slate-700">Database reads per request</dt>
        <dd data-testid="db-reads">
          <span className="font-mono font-semibold">{server.dbReadsPerRequest}</span>{" "}
          {server.dbReadsPerRequest === 0 ? "— the token is trusted as it is" : "— the token version is checked"}
        </dd>
        <dt className="font-medium text-slate-700">Revocation mode</dt>
        <dd>
          <span
            data-testid="revocation-mode"
            className={`badge ${server.revocation ? "bg-emerald-100 text-emerald-900" : "bg-slate-100 text-slate-700"}`}
          >
            {server.revocation ? "on" : "off"}
          </span>
        </dd>
        {server.revocation && (
          <>
            <dt className="font-medium text-slate-700">Token version</dt>
            <dd data-testid="token-version">
              account <span className="font-mono font-semibold">{server.accountTokenVersion}</span> · this token{" "}
              <span className="font-mono font-semibold">{server.tokenVersion}</span>{" "}
              <span className="text-slate-500">(they must match)</span>
            </dd>
          </>
        )}
        <dt className="font-medium text-slate-700">Absolute cap</dt>
        <dd>
          {formatDuration(d.absoluteLifetime)} after sign-in, whatever the activity: ends{" "}
          <Countdown until={d.absoluteExpiresAt} serverNow={now} testId="absolute-countdown" />
        </dd>
      </dl>
      <div className="space-y-3 rounded-lg border border-slate-200 p-4 text-sm">
        <p className="font-semibold">Revocation mode — the price is one database read per request</p>
        <p className="text-slate-600">
          With it on, every request reads your account&apos;s token version and compares it with the one in the token.
          Signing out bumps the version, which ends this and every other JWT session of yours at once — there is no
          per-token list to strike one token from. Tokens issued before you switch it on carry &quot;not checked&quot;
          and stay valid until they expire.
        </p>
        <RevocationToggle enabled={server.revocation} />
      </div>
    </section>
  );
}

function BrowserPanel({ d, now }: { d: TokenDescription; now: number }) {
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
                  <span className="font-mono tabular-nums" data-testid="cookie-bytes">
                    {c.bytes}
                  </span>{" "}
                  bytes ({c.percentOfLimit}%)
                  <div
                    className="mt-1 h-2 w-full min-w-24 rounded bg-slate-100"
                    role="meter"
                    aria-label={`${c.name}: ${c.bytes} of ${d.limit} bytes`}
                    aria-valuemin={0}
                    aria-valuemax={d.limit}
                    aria-valuenow={c.bytes}
                  >
                    <div
                      className="h-2 rounded bg-token-500"
                      style={{ width: `${Math.min(100, c.percentOfLimit)}%` }}
                    />
                  </div>
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
            {d.jwe.parts.map((p) => (
              <tr key={p.label} className="border-t border-slate-100">
                <th scope="row" className="py-1 pr-3 font-medium text-slate-700">
                  {p.label}
                </th>
                <td className="py-1 pr-3 tabular-nums text-slate-500">{p.length} chars</td>
                <td className="py-1 font-mono break-all text-slate-600">{p.sample || "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="mt-2 text-xs text-slate-500">
          Only the start of each part is shown: printing the whole cookie into this page would hand it to any script,
          undoing HttpOnly.
        </p>
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
                  <td
                    className="py-1.5 pr-3 font-mono text-xs [overflow-wrap:anywhere]"
                    data-testid={`claim-${c.name}`}
                  >
                    {c.value}
                  </td>
                  <td className="hidden py-1.5 text-xs text-slate-500 md:table-cell">{c.meaning}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="mt-3 text-sm">
          Expires <Countdown until={d.expiresAt} serverNow={now} testId="expiry-countdown" />{" "}
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

      <Note title="From the seed">
        Client-side state: the server signs (here: encrypts) it and trusts it on the way back. It needs no lookup — and
        cannot be taken back.
      </Note>
    </section>
  );
}
