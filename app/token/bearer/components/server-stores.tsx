import { DateTime } from "@/components/ui/date-time";
import { LifecycleLog } from "@/components/ui/lifecycle-log";
import type { BearerServerState } from "@/lib/token/bearer/client";

type Row = BearerServerState["tokens"][number];

function RowState({ row }: { row: Row }) {
  if (row.revokedAt) return <span className="badge bg-red-100 text-red-900">revoked</span>;
  if (row.usedAt) return <span className="badge bg-slate-100 text-slate-700">spent</span>;
  if (row.expired) return <span className="badge bg-slate-100 text-slate-700">expired</span>;
  return <span className="badge bg-emerald-100 text-emerald-900">live</span>;
}

/**
 * What the server stores: nothing for the access token; for the refresh token, one row per token (its SHA-256) in
 * its family, and the lifecycle log. With the lab that replays a spent refresh token.
 */
export function ServerStores({
  rows,
  spent,
  busy,
  onReplay,
}: {
  rows: BearerServerState | null;
  spent: string | null;
  busy: boolean;
  onReplay: () => void;
}) {
  return (
    <section aria-labelledby="bearer-server" className="card min-w-0 space-y-4 border-t-4 border-t-slate-400">
      <h2 id="bearer-server" className="text-lg font-semibold">
        What the server stores
      </h2>
      <p className="text-sm text-slate-600">
        For the access token: nothing — it is checked by its signature alone. For the refresh token: one row per token,
        holding its SHA-256, never the token. Each refresh spends the current row and adds its successor to the same{" "}
        <em>family</em>.
      </p>
      {rows ? (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-xs" data-testid="refresh-rows">
            <thead className="text-slate-500">
              <tr>
                <th scope="col" className="py-1 pr-2 font-medium">
                  SHA-256 (start)
                </th>
                <th scope="col" className="hidden py-1 pr-2 font-medium sm:table-cell">
                  Created
                </th>
                <th scope="col" className="py-1 font-medium">
                  State
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.tokens.map((row) => (
                <tr
                  key={row.id}
                  className={`border-t border-slate-100 ${row.familyId === rows.familyId ? "" : "text-slate-600"}`}
                >
                  <td className="py-1 pr-2 font-mono">{row.hashPrefix}…</td>
                  <td className="hidden py-1 pr-2 sm:table-cell">
                    <DateTime value={row.createdAt} seconds />
                  </td>
                  <td className="py-1" data-testid="refresh-row-state">
                    <RowState row={row} />
                    {row.familyId !== rows.familyId && <span className="ml-1">· from an earlier or other sign-in</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="text-sm text-slate-500">Shown once the access token is accepted.</p>
      )}
      {rows && rows.events.length > 0 && (
        <div>
          <h3 className="text-sm font-semibold">Lifecycle log</h3>
          <LifecycleLog events={rows.events} testId="bearer-events" />
        </div>
      )}
      <div className="space-y-2 rounded-lg border border-slate-200 p-4 text-sm">
        <p className="font-semibold">Lab: a stolen refresh token</p>
        <p className="text-slate-600">
          After a refresh, the old refresh token is spent. If it is ever presented again, two parties hold it — the
          server cannot tell which is you, so it revokes the whole family.
        </p>
        <button type="button" className="btn-danger" disabled={!spent || busy} onClick={onReplay}>
          Replay the old refresh token
        </button>
        {!spent && <p className="text-xs text-slate-500">Refresh once first: then there is a spent token to replay.</p>}
      </div>
    </section>
  );
}
