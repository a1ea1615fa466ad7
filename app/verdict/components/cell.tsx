import Link from "next/link";
import { DateTime } from "@/components/ui/date-time";
import { VERDICT_LABS, type Tone, type VerdictCell } from "@/lib/verdict/assemble";
import { TextView } from "./text";

/** Tones are never colour alone: each has its word. */
export const TONE_STYLE: Record<Tone, { word: string; badge: string; edge: string }> = {
  good: { word: "good", badge: "bg-emerald-100 text-emerald-900", edge: "border-l-emerald-500" },
  limited: { word: "bounded", badge: "bg-amber-100 text-amber-900", edge: "border-l-amber-500" },
  risk: { word: "risk", badge: "bg-red-100 text-red-900", edge: "border-l-red-600" },
  neutral: { word: "", badge: "", edge: "border-l-slate-200" },
};

function LabLink({ lab }: { lab: keyof typeof VERDICT_LABS }) {
  return (
    <Link className="link" href={VERDICT_LABS[lab].href}>
      {VERDICT_LABS[lab].title}
    </Link>
  );
}

/** One cell: the answer, its tone in words, and where it comes from (measured, from configuration, not yet). */
export function CellView({ cell, now, id }: { cell: VerdictCell; now: Date; id: string }) {
  const tone = TONE_STYLE[cell.tone];
  const { source } = cell;
  return (
    <div id={id} className={`h-full scroll-mt-24 border-l-4 pl-3 ${tone.edge}`}>
      <p className="text-sm text-slate-900">
        {tone.word && <span className={`badge mr-1.5 ${tone.badge}`}>{tone.word}</span>}
        <TextView text={cell.answer} />
      </p>
      {cell.detail && (
        <p className="mt-1 text-xs text-slate-600">
          <TextView text={cell.detail} />
        </p>
      )}
      {cell.conflict && (
        <p className="mt-1 text-xs font-semibold text-red-800" role="note">
          Differs from the configuration: <TextView text={cell.conflict} />
        </p>
      )}
      <div className="mt-2 space-y-1 text-xs text-slate-600" data-testid="cell-source">
        {source.kind === "measured" && (
          <p>
            <span className="badge bg-sky-100 text-sky-900">measured</span> <DateTime value={source.at} now={now} /> by{" "}
            <LabLink lab={source.lab} />
          </p>
        )}
        {source.kind === "not-measured" && (
          <p>
            <span className="badge bg-slate-200 text-slate-800">not measured yet</span> run the labs:{" "}
            <LabLink lab={source.lab} />
          </p>
        )}
        {source.kind === "configuration" && (
          <>
            <p>
              <span className="badge bg-violet-100 text-violet-900">from configuration</span>{" "}
              {source.settings.map((setting, i) => (
                <span key={setting.name}>
                  {i > 0 && " · "}
                  <code className="font-mono">{setting.name}</code>
                  {setting.value && (
                    <>
                      {" "}
                      = <TextView text={setting.value} />
                    </>
                  )}
                </span>
              ))}
            </p>
            {source.test && (
              <p>
                proven by <code className="font-mono">{source.test}</code>
              </p>
            )}
            {cell.measurable && (
              <p>
                Not measured yet — run the labs: <LabLink lab={cell.measurable} />
              </p>
            )}
          </>
        )}
        {cell.outdated && (
          <p>
            A measurement of <DateTime value={cell.outdated.at} now={now} /> was taken under other settings: run{" "}
            <LabLink lab={cell.outdated.lab} /> again.
          </p>
        )}
      </div>
    </div>
  );
}
