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

/**
 * Switches revocation mode through POST /api/token/revocation-mode, which also re-issues this browser's JWT.
 * Turning it off widens every future token's window, so it needs the current password (SECURITY.md I3).
 */
export function RevocationToggle({ enabled }: { enabled: boolean }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [password, setPassword] = useState("");
  return (
    <div className="space-y-2">
      {enabled && (
        <div>
          <label htmlFor="revocation-off-password" className="block text-sm font-medium">
            Password to turn it off
          </label>
          <input
            id="revocation-off-password"
            type="password"
            autoComplete="current-password"
            className="input mt-1"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
        </div>
      )}
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
              body: JSON.stringify(enabled ? { enabled: false, currentPassword: password } : { enabled: true }),
            }).catch(() => null);
            if (!response?.ok) {
              const body = await response?.json().catch(() => null);
              setError(body?.fields?.currentPassword ?? body?.error ?? "The mode could not be changed. Try again.");
              return;
            }
            setPassword("");
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
