"use client";

import { useState } from "react";

/**
 * Reveal / hide for credentials a page already holds in the browser (the bearer page's localStorage): the same
 * disclosure and warning as the server pages' RevealLink (components/ui/secret.tsx), as client state.
 */
export function RevealToggle({
  revealed,
  onChange,
  warning,
}: {
  revealed: boolean;
  onChange: (revealed: boolean) => void;
  warning: string;
}) {
  const [open, setOpen] = useState(false);
  if (revealed) {
    return (
      <button type="button" className="btn-secondary" data-testid="hide-secrets" onClick={() => onChange(false)}>
        Hide the full values
      </button>
    );
  }
  return (
    <details
      className="text-sm"
      data-testid="reveal-secrets"
      open={open}
      onToggle={(e) => setOpen(e.currentTarget.open)}
    >
      <summary className="cursor-pointer font-medium text-slate-800">Reveal the full values…</summary>
      <p className="mt-2 rounded-md border border-amber-300 bg-amber-50 p-2 text-amber-950" role="note">
        <strong>Warning:</strong> {warning}
      </p>
      <button type="button" className="btn-danger mt-2" onClick={() => onChange(true)}>
        Reveal them
      </button>
    </details>
  );
}
