"use client";

import { DateTime } from "@/components/ui/date-time";
import { useBearerIdentity } from "@/components/use-bearer-identity";

/**
 * The bearer flow's status on this browser, for the home page. It never looks inside the token: it asks the API
 * (components/use-bearer-identity.ts) who is signed in and when the access token expires.
 */
export function BearerStatus() {
  const identity = useBearerIdentity();
  if (identity === undefined) return <span className="text-slate-600">…</span>;
  switch (identity.state) {
    case "none":
      return <span data-testid="status-bearer">No tokens in this browser&apos;s storage.</span>;
    case "checking":
      return (
        <span data-testid="status-bearer" aria-busy="true">
          Tokens in localStorage; asking the server about them…
        </span>
      );
    case "unconfirmed":
      // A refused refresh token removes the pair (then: none); this is a rate limit or an unreachable server.
      return (
        <span data-testid="status-bearer">Tokens in localStorage; the server could not confirm them just now.</span>
      );
    case "signed-in":
      return (
        <span data-testid="status-bearer">
          Signed in as {identity.name}; the access token is valid until <DateTime value={identity.expiresAt} />.
        </span>
      );
  }
}
