"use client";

import { useEffect, useState } from "react";
import { fromEpochSeconds } from "@/components/ui/format";
import { useBearerTokens } from "@/components/use-bearer-tokens";
import { bearerClient, type Answer, type BearerMe } from "@/lib/token/bearer/client";

/**
 * Who the bearer tokens stored in this browser name, as the API says (GET /api/bearer/me through the browser
 * client, which refreshes an expired access token once). Nothing is decoded here. Every component asking about the
 * same access token shares one request (the header and the home page both show it).
 *
 * - `undefined`: not known yet (rendering on the server, or localStorage not read yet);
 * - `none`: no tokens stored;
 * - `checking`: tokens stored, the answer is on its way;
 * - `unconfirmed`: the server could not confirm them just now (a rate limit, an outage);
 * - `signed-in`: the verified name and the access token's expiry.
 */
export type BearerIdentity =
  | { state: "none" }
  | { state: "checking" }
  | { state: "unconfirmed" }
  | { state: "signed-in"; name: string; expiresAt: Date };

const asked = new Map<string, Promise<Answer<BearerMe>>>();

/** One request per access token for the page's lifetime; a refresh stores a new pair, which is asked about anew. */
function ask(accessToken: string): Promise<Answer<BearerMe>> {
  let answer = asked.get(accessToken);
  if (!answer) {
    answer = bearerClient().me();
    asked.set(accessToken, answer);
    // A failure (a rate limit, an outage) is asked again next time.
    void answer.then((a) => {
      if (!a.ok) asked.delete(accessToken);
    });
    // Keep only the latest few: a long-lived tab refreshes every few minutes.
    if (asked.size > 4) asked.delete(asked.keys().next().value!);
  }
  return answer;
}

export function useBearerIdentity(): BearerIdentity | undefined {
  const tokens = useBearerTokens();
  const accessToken = tokens?.accessToken;
  const [checked, setChecked] = useState<{ accessToken: string; identity: BearerIdentity } | null>(null);

  useEffect(() => {
    if (!accessToken) return;
    let current = true;
    void ask(accessToken).then((answer) => {
      if (!current) return;
      setChecked({
        accessToken,
        identity: answer.ok
          ? {
              state: "signed-in",
              name: answer.body.user.name,
              expiresAt: fromEpochSeconds(answer.body.token.claims.exp),
            }
          : { state: "unconfirmed" },
      });
    });
    return () => {
      current = false;
    };
  }, [accessToken]);

  if (tokens === undefined) return undefined;
  if (tokens === null) return { state: "none" };
  // Only an answer about the token stored now counts (not one about the pair a refresh just replaced).
  if (!checked || checked.accessToken !== tokens.accessToken) return { state: "checking" };
  return checked.identity;
}
