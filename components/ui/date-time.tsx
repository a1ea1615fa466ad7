import { dateTimeParts, type DateTimeOptions, type Instant } from "@/components/ui/format";

/**
 * An instant as formatDateTime shows it, in a `<time>` element: "2026-12-04 17:05 UTC · in 6 days". `testId`
 * marks the UTC part alone, which does not change as time passes (the relative part does). No hooks: it renders
 * in server and client components alike.
 */
export function DateTime({
  value,
  now,
  seconds,
  testId,
  className,
}: { value: Instant; testId?: string; className?: string } & DateTimeOptions) {
  const parts = dateTimeParts(value, { now, seconds });
  return (
    <span className={className}>
      <time dateTime={parts.iso} data-testid={testId} className="whitespace-nowrap tabular-nums">
        {parts.utc}
      </time>
      {parts.relative && <span className="text-slate-600"> · {parts.relative}</span>}
    </span>
  );
}
