import type { ParsedSeal, SealPartName } from "@/lib/session";
import { DateTime } from "@/components/ui/date-time";
import { plural } from "@/components/ui/format";
import { secretText } from "@/components/ui/secret";

/** The parts that carry the seal's secrecy (the policy of components/ui/secret.tsx): shown as prefixes until revealed. */
const SECRET_PARTS: ReadonlySet<SealPartName> = new Set(["encryptionSalt", "iv", "ciphertext", "hmacSalt", "hmac"]);
const shown = (name: SealPartName, value: string, revealed: boolean) =>
  SECRET_PARTS.has(name) ? secretText(value, revealed) : value;

/** One colour per part of the Fe26.2 seal, shared by the coloured raw value and its legend. */
const COLOURS: Record<SealPartName, { text: string; swatch: string }> = {
  prefix: { text: "text-slate-200", swatch: "bg-slate-400" },
  passwordId: { text: "text-amber-300", swatch: "bg-amber-400" },
  encryptionSalt: { text: "text-sky-300", swatch: "bg-sky-400" },
  iv: { text: "text-violet-300", swatch: "bg-violet-400" },
  ciphertext: { text: "text-emerald-300", swatch: "bg-emerald-400" },
  expiration: { text: "text-rose-300", swatch: "bg-rose-400" },
  hmacSalt: { text: "text-cyan-300", swatch: "bg-cyan-400" },
  hmac: { text: "text-yellow-200", swatch: "bg-yellow-300" },
  version: { text: "text-slate-400", swatch: "bg-slate-500" },
};

/** The raw cookie value with each part coloured; the separators (`*`, `~`) dimmed. */
export function ColouredSeal({
  seal,
  parsed,
  revealed,
}: {
  seal: string;
  parsed: ParsedSeal | null;
  revealed: boolean;
}) {
  if (!parsed) {
    return (
      <pre className="code" data-testid="cookie-seal" data-revealed={revealed}>
        {secretText(seal, revealed)}
      </pre>
    );
  }
  return (
    <pre
      className="code"
      data-testid="cookie-seal"
      data-revealed={revealed}
      aria-label={
        revealed
          ? "The raw cookie value, coloured by part"
          : "The cookie value, coloured by part, secret parts shortened"
      }
    >
      {parsed.parts.map((part, i) => (
        <span key={part.name}>
          {i > 0 && <span className="text-slate-500">{part.name === "version" ? "~" : "*"}</span>}
          <span className={COLOURS[part.name].text}>{shown(part.name, part.value, revealed)}</span>
        </span>
      ))}
    </pre>
  );
}

/** The legend: every part named, its value, and what it is for. */
export function SealLegend({ parsed, revealed }: { parsed: ParsedSeal; revealed: boolean }) {
  return (
    <dl className="divide-y divide-slate-100 rounded-lg border border-slate-200 text-sm">
      {parsed.parts.map((part) => (
        <div
          key={part.name}
          className="grid gap-1 px-3 py-2 sm:grid-cols-[10rem_1fr]"
          data-testid={`seal-part-${part.name}`}
        >
          <dt className="flex items-center gap-2 font-medium text-slate-800">
            <span aria-hidden className={`inline-block h-3 w-3 shrink-0 rounded-sm ${COLOURS[part.name].swatch}`} />
            {part.label}
          </dt>
          <dd className="min-w-0">
            <code className="block truncate font-mono text-xs text-slate-700">
              {part.value === "" ? "(empty)" : shown(part.name, part.value, revealed)}
            </code>
            {part.name === "expiration" && parsed.expiresAt !== null && (
              <span className="text-xs text-slate-700">
                = <DateTime value={new Date(parsed.expiresAt)} seconds />
              </span>
            )}
            <p className="text-xs text-slate-500">
              {part.explanation}
              {part.value.length > 0 && part.name !== "prefix" && part.name !== "version" && (
                <> ({plural(part.value.length, "character")})</>
              )}
            </p>
          </dd>
        </div>
      ))}
    </dl>
  );
}
