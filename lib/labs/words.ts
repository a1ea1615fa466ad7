/** Durations in words for the labs' verdicts ("5 min", "24 h", "30 d"): the two largest units, like the page's. */
const UNITS: Array<[string, number]> = [
  ["d", 86_400],
  ["h", 3_600],
  ["min", 60],
  ["s", 1],
];

export function formatSeconds(seconds: number): string {
  // A day or two reads better in hours: "24 h", not "1 d".
  if (seconds >= 86_400 && seconds <= 2 * 86_400 && seconds % 3_600 === 0) return `${seconds / 3_600} h`;
  let rest = Math.max(0, Math.floor(seconds));
  const parts: string[] = [];
  for (const [label, size] of UNITS) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0) parts.push(`${n} ${label}`);
    else if (parts.length > 0) break;
    if (parts.length === 2) break;
  }
  return parts.length > 0 ? parts.join(" ") : "0 s";
}
