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

/** A setting's name is code (an environment variable, a file) when it has no spaces; otherwise it is words. */
const IDENTIFIER = /^[\w./-]+$/;

function LabLink({ lab }: { lab: keyof typeof VERDICT_LABS }) {
  return (
    <Link className="link" href={VERDICT_LABS[lab].href}>
      {VERDICT_LABS[lab].title}
    </Link>
  );
}

/** "run the labs: <the lab>", or, where no lab measures it yet, says so. */
function RunLab({ lab }: { lab: keyof typeof VERDICT_LABS }) {
  if (!VERDICT_LABS[lab].available) return <>no lab measures it yet</>;
  return (
    <>
      run the labs: <LabLink lab={lab} />
    </>
  );
}

/** One cell: the answer, its tone in words, and where it comes from (measured, from configuration, not yet). */
export function CellView({ cell, now, id }: { cell: VerdictCell; now: Date; id: string }) {
  const tone = TONE_STYLE[cell.tone];
  const { source } = cell;
  return (
    <div id={id} className={`scroll-mt-24 border-l-4 pl-3 xl:h-full ${tone.edge}`}>
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
            <span className="badge bg-slate-200 text-slate-800">not measured yet</span> <RunLab lab={source.lab} />
          </p>
        )}
        {source.kind === "configuration" && (
          <>
            <p>
              <span className="badge bg-violet-100 text-violet-900">from configuration</span>
            </p>
            <ul className="space-y-0.5 break-words">
              {source.settings.map((setting) => (
                <li key={setting.name}>
                  {IDENTIFIER.test(setting.name) ? (
                    <code className="font-mono text-[11px] text-slate-800">{setting.name}</code>
                  ) : (
                    <span className="text-slate-800">{setting.name}</span>
                  )}
                  {setting.value && (
                    <>
                      {" "}
                      = <TextView text={setting.value} />
                    </>
                  )}
                </li>
              ))}
            </ul>
            {source.test && (
              <p className="break-words">
                proven by <code className="font-mono text-[11px]">{source.test}</code>
              </p>
            )}
            {cell.measurable && (
              <p>
                Not measured yet — <RunLab lab={cell.measurable} />
              </p>
            )}
          </>
        )}
        {cell.outdated && (
          <p>
            A measurement of <DateTime value={cell.outdated.at} now={now} /> was taken under other settings —{" "}
            <RunLab lab={cell.outdated.lab} />.
          </p>
        )}
      </div>
    </div>
  );
}
