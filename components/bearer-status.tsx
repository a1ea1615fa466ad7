"use client";

import { useEffect, useState } from "react";
import { DateTime } from "@/components/ui/date-time";
import { fromEpochSeconds } from "@/components/ui/format";
import { useBearerTokens } from "@/components/use-bearer-tokens";
import { bearerClient } from "@/lib/token/bearer/client";

type Checked = { accessToken: string; name: string; expiresAt: Date } | { accessToken: string; unconfirmed: true };

/**
 * The bearer flow's status on this browser, for the home page. It never looks inside the token: it asks the API
 * (GET /api/bearer/me, refreshing through the client when the access token has expired) who is signed in and
 * when the access token expires.
 */
export function BearerStatus() {
  const tokens = useBearerTokens();
  const accessToken = tokens?.accessToken;
  const [checked, setChecked] = useState<Checked | null>(null);

  useEffect(() => {
    if (!accessToken) return;
    let current = true;
    void bearerClient()
      .me()
      .then((answer) => {
        if (!current) return;
        // A refresh on the way stores a new pair: this effect runs again for it, and that answer is shown.
        if (answer.ok)
          setChecked({
            accessToken,
            name: answer.body.user.name,
            expiresAt: fromEpochSeconds(answer.body.token.claims.exp),
          });
        else setChecked({ accessToken, unconfirmed: true });
      });
    return () => {
      current = false;
    };
  }, [accessToken]);

  if (tokens === undefined) return <span className="text-slate-500">…</span>;
  if (tokens === null) return <span data-testid="status-bearer">No tokens in this browser&apos;s storage.</span>;
  // Only an answer about the token stored now counts (not one about the pair a refresh just replaced).
  if (!checked || checked.accessToken !== tokens.accessToken) {
    return (
      <span data-testid="status-bearer" aria-busy="true">
        Tokens in localStorage; asking the server about them…
      </span>
    );
  }
  // A refused refresh token removes the pair (then: no tokens); this is a rate limit or an unreachable server.
  if ("unconfirmed" in checked) {
    return <span data-testid="status-bearer">Tokens in localStorage; the server could not confirm them just now.</span>;
  }
  return (
    <span data-testid="status-bearer">
      Signed in as {checked.name}; the access token is valid until <DateTime value={checked.expiresAt} />.
    </span>
  );
}
