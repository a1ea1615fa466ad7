"use client";

import { useSyncExternalStore } from "react";
import { bearerClient, type StoredTokens } from "@/lib/token/bearer/client";

// Module-level and stable, as useSyncExternalStore needs; they run in the browser only (never during the render on
// the server, which uses the server snapshot).
const subscribe = (listener: () => void) => bearerClient().subscribe(listener);
const snapshot = () => bearerClient().read();
const serverSnapshot = () => undefined;

/**
 * The bearer tokens stored in this browser, kept current across this tab's writes and other tabs'. `undefined`
 * while rendering on the server (localStorage is the browser's), null when none are stored.
 */
export function useBearerTokens(): StoredTokens | null | undefined {
  return useSyncExternalStore(subscribe, snapshot, serverSnapshot);
}
