"use client";

import { useEffect, useState } from "react";
import { formatDuration, formatUtc } from "./format";

/**
 * A live countdown to an epoch-seconds instant. The first render uses the server's clock (so the HTML is
 * complete without JavaScript), then it ticks every second on the browser's.
 */
export function Countdown({
  until,
  serverNow,
  expiredText = "expired",
  testId,
}: {
  until: number;
  serverNow: number;
  expiredText?: string;
  testId?: string;
}) {
  const [now, setNow] = useState(serverNow);
  useEffect(() => {
    const tick = () => setNow(Math.floor(Date.now() / 1000));
    tick();
    const id = setInterval(tick, 1000);
    return () => clearInterval(id);
  }, []);
  const remaining = until - now;
  return (
    <time
      dateTime={new Date(until * 1000).toISOString()}
      title={formatUtc(until)}
      role="timer"
      data-testid={testId}
      className={`font-mono tabular-nums ${remaining <= 0 ? "text-red-700" : ""}`}
    >
      {remaining <= 0 ? expiredText : `in ${formatDuration(remaining)}`}
    </time>
  );
}
