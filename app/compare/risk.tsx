import { RISK, RISK_LEVELS, type Risk } from "@/lib/labs/risk";

/** Colours per risk level: the colour always comes with the symbol and the words (never the only signal). */
export const RISK_STYLE: Record<Risk, { badge: string; border: string; text: string }> = {
  safe: {
    badge: "bg-emerald-100 text-emerald-900 ring-emerald-300",
    border: "border-l-emerald-500",
    text: "text-emerald-900",
  },
  limited: {
    badge: "bg-amber-100 text-amber-950 ring-amber-300",
    border: "border-l-amber-500",
    text: "text-amber-950",
  },
  exposed: { badge: "bg-red-100 text-red-900 ring-red-300", border: "border-l-red-600", text: "text-red-900" },
  neutral: {
    badge: "bg-slate-100 text-slate-800 ring-slate-300",
    border: "border-l-slate-400",
    text: "text-slate-800",
  },
};

export function RiskBadge({ risk, testId }: { risk: Risk; testId?: string }) {
  return (
    <span
      className={`badge gap-1 whitespace-nowrap ring-1 ring-inset ${RISK_STYLE[risk].badge}`}
      data-testid={testId}
      data-risk={risk}
    >
      <span aria-hidden>{RISK[risk].symbol}</span>
      {RISK[risk].label}
    </span>
  );
}

/** The legend, once at the top of /compare: what each colour means, in words. */
export function RiskLegend() {
  return (
    <section aria-labelledby="legend-heading" className="rounded-xl border border-slate-200 bg-white p-4">
      <h2 id="legend-heading" className="text-sm font-semibold text-slate-900">
        How to read the outcomes
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        Colours judge security, not HTTP: a <strong>401 after sign-out is good news</strong> (the credential ended), a
        200 is a stolen copy that still works. Every outcome also says its risk in words.
      </p>
      <dl className="mt-3 grid gap-2 sm:grid-cols-2" data-testid="risk-legend">
        {RISK_LEVELS.map((risk) => (
          <div key={risk} className="flex items-start gap-2 text-sm">
            <dt className="shrink-0">
              <RiskBadge risk={risk} />
            </dt>
            <dd className="text-slate-700">{RISK[risk].meaning}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
