import { formatDuration } from "@/components/ui/format";
import type { Lifetime } from "@/lib/labs/timeouts";

const MIN = 60;
const TICKS = [60, 300, 3600, 86_400, 7 * 86_400, 30 * 86_400];

const FILL = {
  session: { cap: "#bfdbfe", idle: "#2563eb" },
  token: { cap: "#fed7aa", idle: "#ea580c" },
  bearer: { cap: "#fde68a", idle: "#d97706" },
} as const;

/** Every lifetime rule on one logarithmic time axis (1 minute … the longest cap). */
export function Timeline({ rows }: { rows: Lifetime[] }) {
  const max = Math.max(...rows.map((r) => r.cap), 30 * 86_400) * 1.3;
  const left = 4;
  const width = 340;
  const x = (s: number) => left + (Math.log(Math.max(s, MIN) / MIN) / Math.log(max / MIN)) * width;
  const rowHeight = 42;
  const height = rows.length * rowHeight + 30;
  return (
    <div className="space-y-3">
      <svg
        viewBox={`0 0 400 ${height}`}
        role="img"
        aria-label={rows
          .map(
            (r) =>
              `${r.label}: ends after ${formatDuration(r.cap)}${r.idle ? `, or ${formatDuration(r.idle)} without use` : ""}`,
          )
          .join("; ")}
        className="h-auto w-full max-w-xl"
        data-testid="timeline"
      >
        {TICKS.filter((t) => t < max).map((t) => (
          <g key={t}>
            <line x1={x(t)} x2={x(t)} y1="0" y2={height - 22} stroke="#e2e8f0" />
            <text x={x(t)} y={height - 8} fontSize="10" fill="#64748b" textAnchor={t === TICKS[0] ? "start" : "middle"}>
              {formatDuration(t)}
            </text>
          </g>
        ))}
        {rows.map((r, i) => {
          const y = i * rowHeight + 6;
          const fill = FILL[r.area];
          return (
            <g key={r.key} data-testid={`timeline-${r.key}`}>
              <text x={left} y={y + 11} fontSize="12" fill="#0f172a" fontWeight="600">
                {r.label}
              </text>
              <rect x={left} y={y + 18} width={x(r.cap) - left} height="14" rx="3" fill={fill.cap} />
              {r.idle !== null && (
                <rect x={left} y={y + 18} width={x(r.idle) - left} height="14" rx="3" fill={fill.idle} />
              )}
              <text x={x(r.cap) + 4} y={y + 29} fontSize="10" fill="#334155">
                {formatDuration(r.cap)}
              </text>
            </g>
          );
        })}
      </svg>
      <p className="text-xs text-slate-500">
        Logarithmic axis. Dark: the sliding window — unused this long, it ends. Light: the hard cap from sign-in, used
        or not.
      </p>
      <ul className="grid gap-2 text-sm sm:grid-cols-2">
        {rows.map((r) => (
          <li key={r.key} className="rounded-lg border border-slate-200 p-3">
            <span className="font-semibold">{r.label}</span>:{" "}
            {r.idle !== null ? `${formatDuration(r.idle)} without use, ` : ""}
            {formatDuration(r.cap)} at most. <span className="text-slate-600">{r.renewal}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
