import type { LabSourceInfo } from "@/app/compare/lab-sources";
import { sourceLink } from "@/lib/server/source-url";

/** A repository path: a link to it when a source URL is configured, else the path itself. */
function SourcePath({ path, base, children }: { path: string; base: string | null; children?: React.ReactNode }) {
  const href = sourceLink(base, path);
  const label = children ?? <code className="font-mono text-[11px]">{path}</code>;
  return href ? (
    <a className="link" href={href} rel="noopener noreferrer" target="_blank">
      {label}
      <span className="sr-only"> (opens the repository in a new tab)</span>
    </a>
  ) : (
    <>{label}</>
  );
}

/** A command to copy: wrapped on a narrow screen (the line breaks are visual only; a copy is one line). */
function Command({ command, testId, label }: { command: string; testId: string; label: string }) {
  return (
    <pre
      className="mt-1 whitespace-pre-wrap break-all rounded-md bg-slate-900 px-3 py-2 font-mono text-[11px] leading-relaxed text-slate-100"
      aria-label={label}
      data-testid={testId}
    >
      <code>{command}</code>
    </pre>
  );
}

/**
 * Under each lab: the source files and the design notes (ADRs) behind it — linked to the repository when a source
 * URL is configured (SOURCE_URL, or derived on Vercel), else shown as paths — and how to replay it yourself against
 * this deployment with curl (or DevTools where curl cannot).
 */
export function LabSource({ id, info, base }: { id: string; info: LabSourceInfo; base: string | null }) {
  return (
    <div className="space-y-2 border-t border-slate-200 pt-3 text-xs text-slate-700" data-testid={`source-${id}`}>
      <p className="break-words">
        <span className="font-semibold text-slate-800">Code:</span>{" "}
        {info.files.map((file, i) => (
          <span key={file}>
            {i > 0 && ", "}
            <SourcePath path={file} base={base} />
          </span>
        ))}
        <span aria-hidden> · </span>
        <span className="font-semibold text-slate-800">Why:</span>{" "}
        {info.adrs.map((adr, i) => (
          <span key={adr.number}>
            {i > 0 && ", "}
            <SourcePath path={adr.path} base={base}>
              ADR {adr.number} ({adr.title})
            </SourcePath>
          </span>
        ))}
      </p>
      <details className="group rounded-lg border border-slate-200 bg-slate-50 px-3 py-2" data-testid={`replay-${id}`}>
        <summary className="cursor-pointer font-semibold text-slate-800">Replay it yourself (curl)</summary>
        <div className="mt-2 space-y-3">
          {info.api && (
            <div>
              <p>
                Run this lab through its endpoint, with your sign-in&apos;s cookie (copy it from DevTools → Application
                → Cookies: it is HttpOnly, no script can read it). It acts on a new lab identity, never your account,
                and answers with the result as JSON.
              </p>
              <Command command={info.api} testId={`replay-${id}-api`} label="Run the lab with curl" />
            </div>
          )}
          {info.byHand.length > 0 && (
            <div>
              <p className="font-semibold text-slate-800">By hand, step by step</p>
              {info.devtoolsNote && <p>{info.devtoolsNote}</p>}
              <ol className="mt-1 list-decimal space-y-2 pl-5">
                {info.byHand.map((step, i) => (
                  <li key={i}>
                    {step.say}
                    {step.command && (
                      <Command
                        command={step.command}
                        testId={`replay-${id}-${step.id ?? `step-${i + 1}`}`}
                        label={`Step ${i + 1}`}
                      />
                    )}
                  </li>
                ))}
              </ol>
              <p className="mt-2">
                Replace each <code className="font-mono">&lt;…&gt;</code> with your own value. Unless a step says
                otherwise, these commands make new sign-ins of your own account and leave the browser&apos;s as it is.
              </p>
            </div>
          )}
        </div>
      </details>
    </div>
  );
}
