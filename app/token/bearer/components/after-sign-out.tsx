"use client";

import { useState } from "react";
import { bearerClient } from "@/lib/token/bearer/client";

/** The lab after sign-out: the family is revoked, but the access token from before still passes its signature check. */
export function AfterSignOut({ accessToken }: { accessToken: string }) {
  const [status, setStatus] = useState<number | null>(null);
  const callWithOldToken = async () => {
    const answer = await bearerClient().request("GET", "/api/bearer/me", {
      accessToken,
      note: "token from before sign-out",
    });
    setStatus(answer.status);
  };
  return (
    <section aria-labelledby="bearer-after" className="card min-w-0 space-y-3 border-t-4 border-t-red-500">
      <h2 id="bearer-after" className="text-lg font-semibold">
        Lab: the access token after sign-out
      </h2>
      <p className="text-sm text-slate-600">
        Sign-out revoked the refresh family, but the access token is checked by its signature alone. A copy taken before
        sign-out still works until it expires.
      </p>
      <button type="button" className="btn-danger" onClick={callWithOldToken}>
        Call /api/bearer/me with the old access token
      </button>
      {status !== null && (
        <p role="status" className="text-sm" data-testid="after-signout-status">
          {status === 200
            ? "200 OK — still accepted. Short lifetimes are the only limit."
            : `${status ?? "No answer"} — refused (it has expired).`}
        </p>
      )}
    </section>
  );
}
