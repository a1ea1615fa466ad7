const TONES = {
  session: "border-session-100 bg-session-50 text-session-900",
  token: "border-token-100 bg-token-50 text-token-900",
} as const;

/** A titled aside in an area's colour: what a panel means, in a sentence or two. */
export function Note({
  title,
  tone,
  children,
}: {
  title: string;
  tone: keyof typeof TONES;
  children: React.ReactNode;
}) {
  return (
    <div className={`rounded-lg border p-3 text-sm ${TONES[tone]}`}>
      <p className="font-semibold">{title}</p>
      <p className="mt-1">{children}</p>
    </div>
  );
}
