import { CREDENTIALS, EVENTS, WINDOWS } from "@/lib/strategy/credential-windows";

/**
 * The stolen-copy window table, rendered from lib/strategy/credential-windows.ts — the same data SECURITY.md §9
 * prints and e2e/credential-windows.spec.ts proves, cell by cell.
 */
export function CredentialWindowsTable() {
  return (
    <div className="overflow-x-auto">
      <table className="w-full min-w-[56rem] text-left text-xs" data-testid="credential-windows">
        <thead>
          <tr className="border-b border-slate-200 text-slate-500">
            <th scope="col" className="py-2 pr-3 font-medium">
              Stolen copy of …
            </th>
            {EVENTS.map((event) => (
              <th key={event.id} scope="col" className="py-2 pr-3 font-medium">
                {event.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {CREDENTIALS.map((credential) => (
            <tr key={credential.id} className="border-b border-slate-100 align-top">
              <th scope="row" className="py-2 pr-3 font-semibold text-slate-800">
                {credential.label}
              </th>
              {EVENTS.map((event) => {
                const cell = WINDOWS[credential.id][event.id];
                return (
                  <td
                    key={event.id}
                    className={`py-2 pr-3 ${cell.outcome === "dead" ? "text-emerald-800" : "text-slate-700"}`}
                  >
                    {cell.window}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
