import { formatDuration } from "@/components/ui/format";
import type { Text } from "@/lib/verdict/text";

/** A verdict Text, its durations printed by the app's one formatter. */
export function TextView({ text }: { text: Text }) {
  return <>{text.map((phrase) => (typeof phrase === "string" ? phrase : formatDuration(phrase.seconds))).join("")}</>;
}
