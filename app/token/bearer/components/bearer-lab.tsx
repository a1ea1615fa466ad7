"use client";

import { useState } from "react";
import { Notice } from "@/components/ui/notice";
import { AfterSignOut } from "./after-sign-out";
import { BrowserStores } from "./browser-stores";
import { IdentityBar } from "./identity-bar";
import { RequestLog } from "./request-log";
import { ServerStores } from "./server-stores";
import { SignInPanel } from "./sign-in-panel";
import { ThirdPartyScript } from "./third-party-script";
import { useBearerLab } from "./use-bearer-lab";

/**
 * The bearer flow as a browser app would do it, through the browser client (lib/token/bearer/client.ts): tokens
 * in localStorage, `Authorization: Bearer` on each call, refresh on demand (one at a time, across tabs), sign-out
 * that revokes the refresh family. Everything shown as "decoded" comes from the server's verification.
 */
export function BearerLab() {
  const lab = useBearerLab();
  // The one policy for showing secrets (components/ui/secret.tsx): prefixes until the reader reveals them.
  const [revealed, setRevealed] = useState(false);
  if (lab.tokens === undefined) return <p className="text-sm text-slate-500">Reading localStorage…</p>;
  return (
    <div className="space-y-6">
      {lab.notice && (
        <Notice tone={lab.notice.tone} testId="bearer-notice">
          {lab.notice.text}
        </Notice>
      )}
      {!lab.tokens ? (
        <div className="grid gap-6 lg:grid-cols-2">
          <SignInPanel action={lab.signIn} />
          {lab.afterSignOut ? (
            <AfterSignOut accessToken={lab.afterSignOut} />
          ) : (
            <ThirdPartyScript revealed={revealed} />
          )}
        </div>
      ) : (
        <>
          <IdentityBar
            verified={lab.verified}
            busy={lab.busy}
            onCallMe={lab.callMe}
            onRefresh={lab.refresh}
            onSignOut={lab.signOut}
          />
          <div className="grid items-start gap-6 lg:grid-cols-2">
            <BrowserStores tokens={lab.tokens} verified={lab.verified} revealed={revealed} onReveal={setRevealed} />
            <ServerStores rows={lab.rows} spent={lab.spent} busy={lab.busy} onReplay={lab.replay} />
          </div>
          <ThirdPartyScript revealed={revealed} />
        </>
      )}
      <RequestLog calls={lab.calls} />
    </div>
  );
}
