const TONES = {
  ok: "border-emerald-200 bg-emerald-50 text-emerald-800",
  warn: "border-amber-200 bg-amber-50 text-amber-900",
  error: "border-red-200 bg-red-50 text-red-800",
  neutral: "border-slate-200 bg-white text-slate-700",
  session: "border-session-100 bg-session-50 text-session-900",
  token: "border-token-100 bg-token-50 text-token-900",
} as const;

export type NoticeTone = keyof typeof TONES;

/**
 * A one-message banner, announced to screen readers: errors as an alert, everything else as a status. `className`
 * places it (margins); the tone colours it.
 */
export function Notice({
  tone,
  testId,
  className = "",
  children,
}: {
  tone: NoticeTone;
  testId?: string;
  className?: string;
  children: React.ReactNode;
}) {
  return (
    <div
      role={tone === "error" ? "alert" : "status"}
      data-testid={testId}
      className={`rounded-lg border px-4 py-3 text-sm ${TONES[tone]} ${className}`}
    >
      {children}
    </div>
  );
}
