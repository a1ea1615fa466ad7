import type { Verified } from "./use-bearer-lab";

/** Who the stored access token names (as the server verified it), and the three things to do with the tokens. */
export function IdentityBar({
  verified,
  busy,
  onCallMe,
  onRefresh,
  onSignOut,
}: {
  verified: Verified | null;
  busy: boolean;
  onCallMe: () => void;
  onRefresh: () => void;
  onSignOut: () => void;
}) {
  return (
    <section aria-labelledby="bearer-identity" className="card border-t-4 border-t-token-500">
      <div className="flex flex-col gap-4 sm:flex-row sm:items-start sm:justify-between">
        <div>
          <h2 id="bearer-identity" className="text-lg font-semibold">
            {verified ? (
              <>
                Signed in as <span data-testid="bearer-user">{verified.me.user.name}</span>
              </>
            ) : (
              "Tokens in localStorage"
            )}
          </h2>
          <p className="mt-1 text-sm text-slate-600">
            {verified
              ? `${verified.me.user.email} — from the verified token alone; the API made no database query.`
              : "The access token was not accepted. Refresh it, or sign in again."}
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          <button type="button" className="btn-secondary" disabled={busy} onClick={onCallMe}>
            Call /api/bearer/me
          </button>
          <button type="button" className="btn-token" disabled={busy} onClick={onRefresh}>
            Refresh tokens
          </button>
          <button type="button" className="btn-secondary" disabled={busy} onClick={onSignOut}>
            Sign out
          </button>
        </div>
      </div>
    </section>
  );
}
