"use client";

// Type-only imports from server modules: erased at build time.
import type { CostResult, CostRow } from "@/lib/labs/cost";
import { LabError, LabProgress } from "@/app/compare/lab-runner";
import { useLab } from "@/app/compare/use-lab";

const COLOURS: Record<string, { p50: string; p99: string }> = {
  session: { p50: "#2563eb", p99: "#93c5fd" },
  jwt: { p50: "#ea580c", p99: "#fdba74" },
  "jwt-revocation": { p50: "#c2410c", p99: "#fed7aa" },
  bearer: { p50: "#f59e0b", p99: "#fde68a" },
};
/** The library-default rows (what the libraries' docs show, run on the same credentials): one colour for all. */
const LIBRARY_COLOUR = { p50: "#7e22ce", p99: "#d8b4fe" };

const us = (n: number) => (n >= 1000 ? `${(n / 1000).toFixed(2)} ms` : `${n.toFixed(n < 10 ? 1 : 0)} µs`);

/** p50 and p99 per check as horizontal bars (one shared linear axis), drawn in SVG; labels above the bars. */
function Chart({ rows }: { rows: CostRow[] }) {
  const max = Math.max(...rows.map((r) => r.p99), 1);
  const barMax = 210;
  const rowHeight = 48;
  const height = rows.length * rowHeight + 22;
  return (
    <svg
      viewBox={`0 0 340 ${height}`}
      role="img"
      aria-label={`Time per check: ${rows.map((r) => `${r.label} p50 ${us(r.p50)}, p99 ${us(r.p99)}`).join("; ")}`}
      className="h-auto w-full max-w-md"
      data-testid="cost-chart"
    >
      {rows.map((r, i) => {
        const y = i * rowHeight;
        const colour = r.libraryDefaultOf ? LIBRARY_COLOUR : (COLOURS[r.key] ?? { p50: "#334155", p99: "#cbd5e1" });
        const w99 = Math.max(2, (r.p99 / max) * barMax);
        const w50 = Math.max(2, (r.p50 / max) * barMax);
        return (
          <g key={r.key}>
            <text x="0" y={y + 13} fontSize="13" fill="#0f172a" fontWeight="600">
              {r.label}
              <tspan fill="#64748b" fontWeight="400">
                {"  "}
                {r.queries} {r.queries === 1 ? "query" : "queries"} · {r.bytes} B
              </tspan>
            </text>
            <rect x="0" y={y + 21} width={w99} height="15" rx="3" fill={colour.p99} />
            <rect x="0" y={y + 21} width={w50} height="15" rx="3" fill={colour.p50} />
            <text x={w99 + 5} y={y + 33} fontSize="11" fill="#0f172a">
              {us(r.p50)} / {us(r.p99)}
            </text>
          </g>
        );
      })}
      <line x1="0" x2={barMax} y1={height - 16} y2={height - 16} stroke="#cbd5e1" />
      <text x="0" y={height - 3} fontSize="10" fill="#64748b">
        0
      </text>
      <text x={barMax} y={height - 3} fontSize="10" fill="#64748b" textAnchor="end">
        {us(max)}
      </text>
    </svg>
  );
}

function ProgressBar({ done, total, message }: { done: number; total: number; message: string }) {
  const percent = Math.round((done / Math.max(1, total)) * 100);
  return (
    <div className="space-y-1" data-testid="cost-progress">
      <div
        className="h-2 w-full max-w-md overflow-hidden rounded-full bg-slate-200"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={done}
        aria-valuetext={`${percent} % — ${message}`}
      >
        <div className="h-full bg-slate-700 transition-[width]" style={{ width: `${percent}%` }} />
      </div>
      <p className="text-xs text-slate-600" aria-live="polite">
        {percent} % · {message}
      </p>
    </div>
  );
}

/** What a networked Postgres costs, from the committed benchmark: named as such, with its date and machine. */
function Networked({ result }: { result: CostResult }) {
  const n = result.networked;
  const stressed = !result.measured.networked;
  return (
    <div
      className={`rounded-lg border p-3 text-sm ${stressed ? "border-amber-300 bg-amber-50" : "border-slate-200 bg-slate-50"}`}
      data-testid="cost-networked"
    >
      <p className="font-semibold text-slate-900">
        {stressed ? "What the same checks cost on a networked PostgreSQL" : "For comparison: the committed benchmark"}
      </p>
      <p className="mt-1 text-xs text-slate-600" data-testid="cost-networked-source">
        From the committed benchmark results ({n.source}), measured {n.date} on {n.machine} (load {n.load}),{" "}
        {n.database}, {n.iterations.toLocaleString("en")} checks each — not measured now.
      </p>
      <div className="mt-2 overflow-x-auto">
        <table className="w-full min-w-[26rem] text-left text-xs">
          <caption className="sr-only">Committed benchmark: time per check on a networked PostgreSQL</caption>
          <thead className="uppercase text-slate-500">
            <tr>
              <th className="py-1 pr-3">Check</th>
              <th className="py-1 pr-3 text-right">p50</th>
              <th className="py-1 pr-3 text-right">Database round trip</th>
              <th className="py-1 text-right">CPU</th>
            </tr>
          </thead>
          <tbody>
            {result.rows.flatMap((r) => {
              const c = r.key in n.checks ? n.checks[r.key as keyof typeof n.checks] : undefined;
              if (!c) return [];
              return (
                <tr key={r.key} className="border-t border-slate-200" data-testid={`networked-${r.key}`}>
                  <td className="py-1 pr-3">{r.label}</td>
                  <td className="py-1 pr-3 text-right font-mono">{us(c.p50)}</td>
                  <td className="py-1 pr-3 text-right font-mono" data-testid={`networked-${r.key}-db`}>
                    {c.queries === 0 ? "—" : us(c.dbP50)}
                  </td>
                  <td className="py-1 text-right font-mono">{us(c.cpu)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p className="mt-2 text-xs text-slate-600">
        Under load ({n.underLoad.connections} connections, run {n.underLoad.run} of {n.underLoad.date}, load{" "}
        {n.underLoad.load}), each check served this share of an unauthenticated route&apos;s requests per second:
        session {n.underLoad.rows["session-me"].share} %, next-auth {n.underLoad.rows["token-me"].share} %, bearer{" "}
        {n.underLoad.rows["bearer-me"].share} % — concurrent session lookups share one statement. Between machines, add
        your network&apos;s round trip to every session check.
      </p>
    </div>
  );
}

export function CostLab({ enabled }: { enabled: boolean }) {
  const { pending, steps, progress, result, error, run } = useLab<CostResult>("cost");

  return (
    <div className="space-y-4" data-testid="lab-cost">
      <button
        type="button"
        className="btn-primary"
        onClick={() => run({ iterations: 2000 })}
        disabled={!enabled || pending}
      >
        {pending ? "Measuring…" : result ? "Measure again" : "Measure 2,000 checks each"}
      </button>
      {pending && progress && <ProgressBar {...progress} />}
      {pending && !progress && <LabProgress steps={steps} pending={pending} />}
      <LabError error={error} />
      {result && (
        <div
          className="space-y-4"
          aria-live="polite"
          data-testid="lab-cost-result"
          data-database={result.measured.kind}
        >
          <p
            className={`rounded-lg border px-3 py-2 text-sm font-medium ${result.measured.networked ? "border-slate-200 bg-white text-slate-800" : "border-amber-300 bg-amber-50 text-amber-950"}`}
            data-testid="cost-headline"
          >
            {result.headline}
          </p>
          <Chart rows={result.rows} />
          <p className="text-xs text-slate-500">
            Dark bar and first number: p50 (median). Light bar and second number: p99. One linear axis for all rows.
            Purple: the library default — the same credential read the way the library&apos;s own docs show
            (iron-session&apos;s <code>getIronSession</code> and a Prisma <code>findUnique</code>, next-auth&apos;s{" "}
            <code>auth()</code>, jose&apos;s <code>jwtVerify</code>), under the row of this app&apos;s check.
          </p>
          <div className="overflow-x-auto">
            <table className="w-full min-w-[36rem] text-left text-sm">
              <caption className="sr-only">
                Cost per request on {result.measured.name}, {result.iterations} iterations each
              </caption>
              <thead className="text-xs uppercase text-slate-500">
                <tr>
                  <th className="py-1 pr-3">Check</th>
                  <th className="py-1 pr-3 text-right">p50</th>
                  <th className="py-1 pr-3 text-right">p99</th>
                  <th className="py-1 pr-3 text-right" title="Of the p50: time waiting for the database">
                    {result.measured.networked ? "DB round trip" : "DB (in-process)"}
                  </th>
                  <th className="py-1 pr-3 text-right" title="Server CPU time per check: work done, not waiting">
                    CPU
                  </th>
                  <th className="py-1 pr-3 text-right">DB queries</th>
                  <th className="py-1 text-right">Bytes</th>
                </tr>
              </thead>
              <tbody>
                {result.rows.map((r) => (
                  <tr
                    key={r.key}
                    className="border-t border-slate-100"
                    data-testid={`cost-${r.key}`}
                    data-ok={String(r.ok)}
                  >
                    <td className="py-1.5 pr-3">
                      <span className="font-medium">{r.label}</span>
                      <span className="block text-xs text-slate-500">{r.check}</span>
                    </td>
                    <td className="py-1.5 pr-3 text-right font-mono" data-testid={`cost-${r.key}-p50`}>
                      {us(r.p50)}
                    </td>
                    <td className="py-1.5 pr-3 text-right font-mono">{us(r.p99)}</td>
                    <td className="py-1.5 pr-3 text-right font-mono" data-testid={`cost-${r.key}-db`}>
                      {r.queries === 0 ? "—" : us(r.dbP50)}
                    </td>
                    <td className="py-1.5 pr-3 text-right font-mono" data-testid={`cost-${r.key}-cpu`}>
                      {us(r.cpu)}
                    </td>
                    <td className="py-1.5 pr-3 text-right font-mono" data-testid={`cost-${r.key}-queries`}>
                      {r.queries}
                    </td>
                    <td className="py-1.5 text-right font-mono" data-testid={`cost-${r.key}-bytes`}>
                      {r.bytes}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="text-xs text-slate-500" data-testid="cost-database">
            {result.iterations.toLocaleString("en")} checks each, one at a time, on {result.measured.name}, for the lab
            identity <span className="font-mono">{result.identity.email}</span>.
          </p>
          <Networked result={result} />
          <p className="text-sm text-slate-600">
            p50 and p99 are how long one check takes, run one at a time; the database column is the part of it spent
            waiting for the database; CPU is the server process&apos;s processor time per check, thread-pool crypto
            included. The JWT rows decrypt, and the bearer row verifies, on every iteration here. The server itself
            remembers credentials it has already checked, so in steady state it pays those costs once per credential —
            while every session check pays its round trip every time. Scale-out: the token checks need only the key, so
            any instance answers alone; the session check (and revocation mode) needs the shared database — cheap per
            request, but it is the one resource every instance shares.
          </p>
        </div>
      )}
    </div>
  );
}
