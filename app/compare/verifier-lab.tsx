"use client";

// Type-only imports from server modules: erased at build time, so the client bundle takes nothing from them.
import type { VerifierLabResult } from "@/lib/labs/verifier";
import { DateTime } from "@/components/ui/date-time";
import { formatDuration, plural } from "@/components/ui/format";
import { IdentityLine, LabError, LabNotes, LabProgress, OutcomeRow } from "@/app/compare/lab-runner";
import { useLab } from "@/app/compare/use-lab";

/**
 * The verifier lab: a lab device's bearer access token goes to the separate verifier (services/verifier), which
 * holds only our public key set's URL. It verifies the token with 0 queries and no shared secret — and, because a
 * public key can only check a signature, it cannot know that the token's refresh family was revoked a second ago.
 */
export function VerifierLab({ enabled, verifierUrl }: { enabled: boolean; verifierUrl: string | null }) {
  const { pending, steps, result, error, run } = useLab<VerifierLabResult>("verifier");
  const before = result?.answers.before ?? null;
  const after = result?.answers.after ?? null;
  const verified = before?.probe.status === 200;
  const stillVerifies = after?.probe.status === 200;

  return (
    <div className="space-y-4" data-testid="lab-verifier">
      {verifierUrl ? (
        <p className="text-sm text-slate-700" data-testid="verifier-configured">
          The verifier answers at <code className="break-all font-mono text-xs">{verifierUrl}</code>. It is a separate
          service: it reads no database and holds no secret, only the URL of our public key set.
        </p>
      ) : (
        <p
          className="rounded-lg border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900"
          role="note"
          data-testid="verifier-not-configured"
        >
          No verifier is configured on this deployment (<code className="font-mono text-xs">VERIFIER_URL</code> is
          unset), so the lab can only ask our own API. Start one beside the app with{" "}
          <code className="font-mono text-xs">npm run verifier</code> (its own Vercel project in production) and set{" "}
          <code className="font-mono text-xs">VERIFIER_URL</code> to where it answers.
        </p>
      )}
      <form action={() => run({})} className="flex flex-wrap items-end gap-3" noValidate>
        <button type="submit" className="btn-primary" disabled={!enabled || pending}>
          {pending ? "Running…" : result ? "Run again" : "Ask another service to verify a token"}
        </button>
      </form>
      <LabProgress steps={steps} pending={pending} />
      <LabError error={error} />
      {result && (
        <div className="space-y-3" aria-live="polite" data-testid="lab-verifier-result" data-risk={result.risk}>
          <IdentityLine identity={result.identity} lab="verifier" />
          {verified && before ? (
            <p
              className="rounded-lg border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-900"
              data-testid="verifier-headline"
            >
              <strong>
                Another service verified your token with our public key alone:{" "}
                {before.probe.queries === null ? "no database" : plural(before.probe.queries, "query", "queries")}, no
                shared secret.
              </strong>{" "}
              {before.header && (
                <>
                  It checked the {before.header.alg} signature with our key{" "}
                  <code className="break-all font-mono text-xs">{before.header.kid}</code>
                </>
              )}
              {before.keySet && (
                <>
                  , from the key set it fetched {plural(before.keySet.fetches, "time")}
                  {before.keySet.fetchedAt && (
                    <>
                      {" "}
                      (last <DateTime value={before.keySet.fetchedAt} seconds />)
                    </>
                  )}
                </>
              )}
              .
            </p>
          ) : result.verifier.configured ? (
            <p role="alert" className="rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
              The verifier did not verify the token: {before?.probe.error ?? `HTTP ${before?.probe.status ?? "?"}`}.
            </p>
          ) : null}
          <ol className="list-decimal space-y-1 pl-5 text-sm text-slate-700">
            {result.steps.map((s) => (
              <li key={s}>{s}</li>
            ))}
          </ol>
          <ul className="space-y-2">
            {result.rows.map((r) => (
              <OutcomeRow key={r.key} lab="verifier" r={r} />
            ))}
          </ul>
          <div className="rounded-lg border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
            <p className="font-semibold">What it cannot know</p>
            <p data-testid="verifier-cannot-know">
              The device signed out a second ago and its refresh family is revoked — in our database.{" "}
              {stillVerifies
                ? "The verifier still verified the same access token: "
                : "A public key alone cannot see that: "}
              it keeps verifying there until its exp, <DateTime value={result.accessTokenExpiresAt} seconds />. That is
              why access tokens live minutes, not days.
            </p>
          </div>
          <details className="rounded-lg border border-slate-200 px-3 py-2 text-sm" data-testid="verifier-keys">
            <summary className="cursor-pointer font-semibold text-slate-800">
              The key rings (ids only, no secret)
            </summary>
            <ul className="mt-2 space-y-1 text-slate-700">
              <li>
                Session seals: ids {result.keys.session.ids.join(", ")}, sealing with {result.keys.session.sealingId};
                an older id may go {formatDuration(result.keys.session.removableAfterSeconds)} after a newer one was
                added.
              </li>
              <li>
                next-auth JWTs: {result.keys.jwt.names.join(", ")}, encrypting with {result.keys.jwt.encryptingWith}; an
                older one may go after {formatDuration(result.keys.jwt.removableAfterSeconds)}.
              </li>
              <li>
                Bearer keys:{" "}
                {result.keys.bearer.keys.map((k, i) => (
                  <span key={k.kid}>
                    {i > 0 && "; "}
                    <code className="break-all font-mono text-xs">{k.kid}</code> ({k.alg}, {k.state})
                  </span>
                ))}
                . Published at <code className="font-mono text-xs">{result.keys.bearer.jwksPath}</code>; sign with a new
                key at least {formatDuration(result.keys.bearer.publishWaitSeconds)} after publishing it, and remove the
                old one {formatDuration(result.keys.bearer.removableAfterSeconds)} after that.
              </li>
            </ul>
          </details>
          <LabNotes notes={result.notes} />
        </div>
      )}
    </div>
  );
}
