/**
 * The app's one time formatter. Durations are always seconds; instants are always shown in UTC with the time
 * from now, so a page reads the same on every machine and the server's render agrees with the browser's
 * hydration (client components pass the server's `now`).
 */

/** A point in time as the app passes it around: a Date, or an ISO 8601 string from a JSON answer. */
export type Instant = Date | string;

/** JWT claims (`iat`, `exp`, `auth_time`) count seconds since the epoch. */
export function fromEpochSeconds(seconds: number): Date {
  return new Date(seconds * 1000);
}

const toDate = (value: Instant) => (typeof value === "string" ? new Date(value) : value);

const UNITS: Array<[label: string, word: string, seconds: number]> = [
  ["d", "day", 86_400],
  ["h", "hour", 3_600],
  ["min", "minute", 60],
  ["s", "second", 1],
];

/** "6 d 23 h", "4 h", "12 min 5 s", "42 s": the two largest units of a duration in seconds (whole seconds). */
export function formatDuration(seconds: number): string {
  let rest = Math.max(0, Math.floor(seconds));
  const parts: string[] = [];
  for (const [label, , size] of UNITS) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0) parts.push(`${n} ${label}`);
    else if (parts.length > 0) break; // "7 d", never "7 d 0 h"
    if (parts.length === 2) break;
  }
  return parts.length > 0 ? parts.join(" ") : "0 s";
}

/** "in 6 days", "3 minutes ago", "now": the largest whole unit between an instant and now. */
function relative(date: Date, now: Date): string {
  const delta = Math.trunc((date.getTime() - now.getTime()) / 1000);
  const size = Math.abs(delta);
  const unit = UNITS.find(([, , unitSeconds]) => size >= unitSeconds);
  if (!unit) return "now";
  const [, word, unitSeconds] = unit;
  const n = Math.floor(size / unitSeconds);
  const phrase = `${n} ${word}${n === 1 ? "" : "s"}`;
  return delta > 0 ? `in ${phrase}` : `${phrase} ago`;
}

export type DateTimeOptions = {
  /** The clock to measure from (default: now). Client components pass the server's, so hydration agrees. */
  now?: Instant;
  /** Show seconds: for rows and logs where events a few seconds apart must read apart. */
  seconds?: boolean;
};

/** The pieces of formatDateTime, for markup that wraps them separately (components/ui/date-time.tsx). */
export function dateTimeParts(value: Instant, { now = new Date(), seconds = false }: DateTimeOptions = {}) {
  const date = toDate(value);
  if (Number.isNaN(date.getTime())) return { iso: "", utc: "—", relative: "" };
  const iso = date.toISOString();
  const utc = `${iso.slice(0, 10)} ${iso.slice(11, seconds ? 19 : 16)} UTC`;
  return { iso, utc, relative: relative(date, toDate(now)) };
}

/** "2026-12-04 17:05 UTC · in 6 days" (with `seconds`: "2026-12-04 17:05:09 UTC · 3 minutes ago"). */
export function formatDateTime(value: Instant, options: DateTimeOptions = {}): string {
  const { utc, relative } = dateTimeParts(value, options);
  return relative ? `${utc} · ${relative}` : utc;
}

/** "1 session", "2 sessions", "0 sessions": a count with its noun in the right number (`many`: an irregular plural). */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
