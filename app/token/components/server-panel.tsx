import { Countdown } from "@/components/ui/countdown";
import { formatDuration, fromEpochSeconds } from "@/components/ui/format";
import type { TokenDescription } from "@/lib/token/jwt";
import { RevocationToggle } from "./session-controls";

/** What the server stores for a next-auth JWT session: nothing — unless revocation mode reads a version number. */
export function ServerPanel({ d }: { d: TokenDescription }) {
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
          <Countdown
            until={fromEpochSeconds(d.absoluteExpiresAt)}
            now={fromEpochSeconds(d.now)}
            testId="absolute-countdown"
          />
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
