"use client";

import { useEffect, useState } from "react";
import { formatDateTime, formatDuration, type Instant } from "@/components/ui/format";

const toMs = (value: Instant) => (typeof value === "string" ? Date.parse(value) : value.getTime());

/**
 * A live "in 6 d 23 h" countdown to an instant. The first render uses `now`, the server's clock (so the HTML is
 * complete without JavaScript and hydration agrees), then it ticks every second on the browser's.
 */
export function Countdown({
  until,
  now: initialNow,
  expiredText = "expired",
  testId,
}: {
  until: Instant;
  now: Instant;
  expiredText?: string;
  testId?: string;
}) {
  const [now, setNow] = useState(() => toMs(initialNow));
  useEffect(() => {
    const tick = () => setNow(Date.now());
    tick();
    const id = setInterval(tick, 1000);
    return () => clearInterval(id);
  }, []);
  const target = toMs(until);
  const remaining = Math.floor((target - now) / 1000);
  return (
    <time
      dateTime={new Date(target).toISOString()}
      title={formatDateTime(new Date(target), { now: new Date(now), seconds: true })}
      role="timer"
      data-testid={testId}
      className={`tabular-nums ${remaining <= 0 ? "text-red-700" : ""}`}
    >
      {remaining <= 0 ? expiredText : `in ${formatDuration(remaining)}`}
    </time>
  );
}
