import { Json } from "@/components/ui/json";
import type { Call } from "./use-bearer-lab";

/** "Requests from this page": the newest requests the client sent, each with its status and answer. */
export function RequestLog({ calls }: { calls: Call[] }) {
  return (
    <section aria-labelledby="bearer-calls" className="card">
      <h2 id="bearer-calls" className="text-lg font-semibold">
        Requests from this page
      </h2>
      {calls.length === 0 ? (
        <p className="mt-2 text-sm text-slate-500">None yet.</p>
      ) : (
        <ol className="mt-3 space-y-3" data-testid="bearer-calls">
          {calls.map((call, i) => (
            <li key={call.id} className="text-sm">
              <p className="flex flex-wrap items-center gap-2">
                <span
                  data-testid={i === 0 ? "last-status" : undefined}
                  className={`badge ${call.status && call.status < 300 ? "bg-emerald-100 text-emerald-900" : "bg-red-100 text-red-900"}`}
                >
                  {call.status ?? "network error"}
                </span>
                <span className="font-mono text-xs">{call.label}</span>
              </p>
              <Json value={call.body} className="mt-1 max-h-40" />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
