"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";

/**
 * Asks Auth.js's own session endpoint for the session, as next-auth's `useSession()` does. Auth.js answers by
 * re-encoding the JWT (new `iat`, `exp` and `jti`) and setting the cookie again: that is its sliding expiry.
 */
export function ReencodeButton() {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <div>
      <button
        type="button"
        className="btn-token"
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            setError(null);
            const response = await fetch("/api/auth/session", { cache: "no-store" }).catch(() => null);
            const body = response?.ok ? await response.json().catch(() => null) : null;
            if (!body?.user) setError("Auth.js did not renew the session: it has ended.");
            router.refresh();
          })
        }
      >
        {pending ? "Re-encoding…" : "Re-encode now"}
      </button>
      {error && (
        <p role="alert" className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

/** Switches revocation mode through POST /api/token/revocation-mode, which also re-issues this browser's JWT. */
export function RevocationToggle({ enabled }: { enabled: boolean }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <div>
      <button
        type="button"
        className={enabled ? "btn-secondary" : "btn-token"}
        disabled={pending}
        aria-pressed={enabled}
        onClick={() =>
          startTransition(async () => {
            setError(null);
            const response = await fetch("/api/token/revocation-mode", {
              method: "POST",
              headers: { "content-type": "application/json" },
              body: JSON.stringify({ enabled: !enabled }),
            }).catch(() => null);
            if (!response?.ok) {
              const body = await response?.json().catch(() => null);
              setError(body?.error ?? "The mode could not be changed. Try again.");
              return;
            }
            router.refresh();
          })
        }
      >
        {pending ? "Switching…" : enabled ? "Turn revocation mode off" : "Turn revocation mode on"}
      </button>
      {error && (
        <p role="alert" className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}
