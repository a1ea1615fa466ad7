"use client";

import { useSyncExternalStore } from "react";

/** Storage keys of the bearer page (app/token/bearer). */
const ACCESS_KEY = "svt.bearer.accessToken";

function subscribe(callback: () => void) {
  window.addEventListener("storage", callback);
  return () => window.removeEventListener("storage", callback);
}

/** Reads the access token's `exp` from this tab's localStorage (no verification: display only). */
function snapshot(): string {
  const token = localStorage.getItem(ACCESS_KEY);
  if (!token) return "none";
  try {
    const payload = JSON.parse(atob(token.split(".")[1]!.replace(/-/g, "+").replace(/_/g, "/"))) as { exp?: number };
    if (typeof payload.exp !== "number") return "none";
    return `${payload.exp}:${payload.exp * 1000 <= Date.now() ? "expired" : "valid"}`;
  } catch {
    return "none";
  }
}

export function BearerStatus() {
  const value = useSyncExternalStore(subscribe, snapshot, () => "server");
  if (value === "server") return <span className="text-slate-500">…</span>;
  if (value === "none") return <span data-testid="status-bearer">No tokens in this browser&apos;s storage.</span>;
  const [exp, state] = value.split(":");
  return (
    <span data-testid="status-bearer">
      Access token in localStorage, {state === "valid" ? "valid until" : "expired at"}{" "}
      {new Date(Number(exp) * 1000).toLocaleTimeString()}.
    </span>
  );
}
