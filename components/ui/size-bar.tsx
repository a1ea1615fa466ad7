const BAR = { session: "bg-session-500", token: "bg-token-500" } as const;

/**
 * A cookie's size against the browsers' per-cookie limit (4096 bytes of `name=value`): the number, its share of
 * the limit and a meter. `label` names the meter for screen readers.
 */
export function SizeBar({
  bytes,
  limit,
  label,
  tone,
  note,
  testId = "cookie-bytes",
}: {
  bytes: number;
  limit: number;
  label: string;
  tone: keyof typeof BAR;
  /** What was counted, e.g. "name + value". */
  note?: string;
  testId?: string;
}) {
  const percent = Math.round((bytes / limit) * 100);
  return (
    <div>
      <p className="flex flex-wrap justify-between gap-x-3 text-xs text-slate-600">
        <span>
          <strong className="font-mono tabular-nums text-slate-900" data-testid={testId}>
            {bytes}
          </strong>{" "}
          bytes{note ? ` (${note})` : ""} · {percent}%
        </span>
        <span>limit {limit}</span>
      </p>
      <div
        className="mt-1 h-2 min-w-24 overflow-hidden rounded-full bg-slate-100"
        role="meter"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={limit}
        aria-valuenow={bytes}
        aria-valuetext={`${bytes} of ${limit} bytes`}
      >
        <div className={`h-full rounded-full ${BAR[tone]}`} style={{ width: `${Math.min(100, percent)}%` }} />
      </div>
    </div>
  );
}
