"use client";

import { useState } from "react";

import type { CostResult, CostRow } from "@/lib/labs/cost";

const COLOURS: Record<string, { p50: string; p99: string }> = {
  session: { p50: "#2563eb", p99: "#93c5fd" },
  jwt: { p50: "#ea580c", p99: "#fdba74" },
  "jwt-revocation": { p50: "#c2410c", p99: "#fed7aa" },
  bearer: { p50: "#f59e0b", p99: "#fde68a" },
};

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
        const colour = COLOURS[r.key] ?? { p50: "#334155", p99: "#cbd5e1" };
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

export function CostLab({ enabled }: { enabled: boolean }) {
  const [result, setResult] = useState<CostResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function run() {
    setPending(true);
    setError(null);
    try {
      const response = await fetch("/api/compare/cost", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ iterations: 2000 }),
      });
      const data = await response.json().catch(() => ({}));
      if (!response.ok) setError(data.error ?? `The lab failed (${response.status}).`);
      else setResult(data as CostResult);
    } catch {
      setError("The lab could not reach the server. Try again.");
    } finally {
      setPending(false);
    }
  }

  return (
    <div className="space-y-4" data-testid="lab-cost">
      <button type="button" className="btn-primary" onClick={run} disabled={!enabled || pending}>
        {pending ? "Measuring…" : result ? "Measure again" : "Measure 2,000 checks each"}
      </button>
      {error && (
        <div role="alert" className="rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {error}
        </div>
      )}
      {result && (
        <div className="space-y-4" aria-live="polite" data-testid="lab-cost-result">
          <Chart rows={result.rows} />
          <p className="text-xs text-slate-500">
            Dark bar and first number: p50 (median). Light bar and second number: p99. One linear axis for all four.
          </p>
          <div className="overflow-x-auto">
            <table className="w-full min-w-[32rem] text-left text-sm">
              <caption className="sr-only">Cost per request, {result.iterations} iterations each</caption>
              <thead className="text-xs uppercase text-slate-500">
                <tr>
                  <th className="py-1 pr-3">Check</th>
                  <th className="py-1 pr-3 text-right">p50</th>
                  <th className="py-1 pr-3 text-right">p99</th>
                  <th className="py-1 pr-3 text-right" title="Server CPU time per check: work done, not waiting">
                    CPU
                  </th>
                  <th className="py-1 pr-3 text-right">DB queries</th>
                  <th className="py-1 text-right">Bytes</th>
                </tr>
              </thead>
              <tbody>
                {result.rows.map((r) => (
                  <tr key={r.key} className="border-t border-slate-100" data-testid={`cost-${r.key}`}>
                    <td className="py-1.5 pr-3">
                      <span className="font-medium">{r.label}</span>
                      <span className="block text-xs text-slate-500">{r.check}</span>
                    </td>
                    <td className="py-1.5 pr-3 text-right font-mono" data-testid={`cost-${r.key}-p50`}>
                      {us(r.p50)}
                    </td>
                    <td className="py-1.5 pr-3 text-right font-mono">{us(r.p99)}</td>
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
          <p className="text-sm text-slate-600">
            p50 and p99 are how long one check takes, run one at a time; CPU is the server process&apos;s processor time
            per check, thread-pool crypto included. One at a time, every session check pays a whole database round trip.
            Under load, the lookups of concurrent requests share one statement, and <code>npm run bench</code> measures
            the session check at about the cost of serving any request. The JWT rows decrypt, and the bearer row
            verifies, on every iteration here. The server itself remembers credentials it has already checked, so in
            steady state it pays those costs once per credential.
          </p>
          <p className="text-sm text-slate-600">
            {result.iterations.toLocaleString("en")} checks each on{" "}
            {result.database === "pglite" ? "PGlite (in-process)" : "PostgreSQL"}. Scale-out: the token checks need only
            the key, so any instance answers alone; the session check (and revocation mode) needs a round trip to the
            shared database — cheap per request, but it is the one resource every instance shares.
          </p>
        </div>
      )}
    </div>
  );
}
