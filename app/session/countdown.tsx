"use client";

import { useEffect, useState } from "react";
import { formatDuration } from "./format";

/** A live "in 6 d 23 h" countdown to an instant; the server renders the first value. */
export function Countdown({ to, serverNow }: { to: string; serverNow: string }) {
  const target = new Date(to).getTime();
  const [now, setNow] = useState(() => new Date(serverNow).getTime());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const left = target - now;
  return (
    <time dateTime={to} className="tabular-nums">
      {left > 0 ? `in ${formatDuration(left)}` : "expired"}
    </time>
  );
}
