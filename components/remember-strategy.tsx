"use client";

import { useEffect } from "react";

/**
 * Remembers on this browser which strategy it is signed in with (a plain "session"/"token" cookie, no secret),
 * whichever way the sign-in happened, so /login and sign-up can follow it next time. Rendered by the header.
 */
export function RememberStrategy({ cookie, strategy, secure }: { cookie: string; strategy: string; secure: boolean }) {
  useEffect(() => {
    const current = document.cookie.split("; ").find((c) => c.startsWith(`${cookie}=`));
    if (current === `${cookie}=${strategy}`) return;
    document.cookie = `${cookie}=${strategy}; Path=/; Max-Age=31536000; SameSite=Lax${secure ? "; Secure" : ""}`;
  }, [cookie, strategy, secure]);
  return null;
}
