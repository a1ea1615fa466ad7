import { DateTime } from "@/components/ui/date-time";
import { formatDateTime, type Instant } from "@/components/ui/format";

/** One row of `auth_events` as an area page shows it. */
export type LogEntry = {
  id: string;
  type: string;
  detail: string | null;
  createdAt: Instant;
  /** Consecutive renewals are shown as one line: how many, and when the first of them was. */
  count?: number;
  firstAt?: Instant;
  device?: string | null;
  ip?: string | null;
};

const STYLES: Record<string, string> = {
  "sign-in": "bg-emerald-100 text-emerald-800",
  "sign-up": "bg-emerald-100 text-emerald-800",
  "sign-in-failed": "bg-red-100 text-red-800",
  "refresh-reuse": "bg-red-100 text-red-800",
  renewal: "bg-sky-100 text-sky-900",
  refresh: "bg-sky-100 text-sky-900",
  "sign-out": "bg-slate-200 text-slate-800",
  revocation: "bg-amber-100 text-amber-900",
  "password-change": "bg-amber-100 text-amber-900",
  expired: "bg-slate-100 text-slate-600",
};

/** Words for events logged without a detail (failed sign-ins are logged by the shared sign-in check). */
const TEXT: Record<string, string> = { "sign-in-failed": "A sign-in attempt with a wrong email or password." };

/**
 * The lifecycle log of an area, newest first: sign-ins, failed attempts, renewals, sign-outs, revocations. Each
 * row is `data-testid="event"` with its `data-type`; `testId` marks the list. `now` is the clock the relative times
 * are measured from (client components pass the server's).
 */
export function LifecycleLog({
  events,
  testId,
  now,
  empty = "Nothing logged yet.",
}: {
  events: LogEntry[];
  testId: string;
  now?: Instant;
  empty?: string;
}) {
  if (events.length === 0) return <p className="text-sm text-slate-500">{empty}</p>;
  return (
    <ol className="divide-y divide-slate-100" data-testid={testId}>
      {events.map((e) => {
        const text = e.detail ?? TEXT[e.type] ?? "";
        const renewals = e.count !== undefined && e.count > 1 && e.firstAt !== undefined;
        const where = [e.device, e.ip].filter(Boolean).join(" · ");
        return (
          <li key={e.id} className="py-2" data-testid="event" data-type={e.type}>
            <p className="flex flex-wrap items-center gap-x-3 gap-y-1">
              <span className={`badge ${STYLES[e.type] ?? "bg-slate-100 text-slate-700"}`}>{e.type}</span>
              <DateTime value={e.createdAt} now={now} seconds className="text-xs text-slate-600" />
            </p>
            {(renewals || text || where) && (
              <p className="mt-1 text-sm text-slate-700">
                {renewals && (
                  <strong className="mr-1" data-testid="renewal-count">
                    ×{e.count} since {formatDateTime(e.firstAt!, { now, seconds: true })}.
                  </strong>
                )}
                {text}
                {where && <span className="block text-xs text-slate-500">{where}</span>}
              </p>
            )}
          </li>
        );
      })}
    </ol>
  );
}
