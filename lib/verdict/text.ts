/**
 * The verdict's words, with durations left as numbers so the page prints them with the app's one formatter
 * (components/ui/format.ts) — lib/ never imports components/. `t` builds a Text from a template:
 * t`≤ ${d(300)} after sign-out` → ["≤ ", { seconds: 300 }, " after sign-out"].
 */

export type Duration = { seconds: number };
export type Phrase = string | Duration;
export type Text = Phrase[];

export const d = (seconds: number): Duration => ({ seconds });

export function t(strings: TemplateStringsArray, ...values: Array<string | number | Duration | Text>): Text {
  const text: Text = [];
  strings.forEach((part, i) => {
    if (part) text.push(part);
    if (i >= values.length) return;
    const value = values[i]!;
    if (Array.isArray(value)) text.push(...value);
    else text.push(typeof value === "number" ? String(value) : value);
  });
  return text;
}

/** A Text as a plain string, durations printed by `duration` (tests, titles). */
export function plain(text: Text, duration: (seconds: number) => string): string {
  return text.map((phrase) => (typeof phrase === "string" ? phrase : duration(phrase.seconds))).join("");
}
