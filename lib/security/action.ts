import "server-only";
import { headers } from "next/headers";
import { isSameOrigin } from "@/lib/security/origin";

/**
 * CSRF guard for server actions. Next.js compares the Origin's host with the Host header; we also require the
 * scheme and port to match and refuse a missing Origin, exactly as for route handlers.
 */
export async function actionOriginOk(): Promise<boolean> {
  return isSameOrigin(await headers());
}

/**
 * Reads text fields from a FormData; a file or a missing field becomes undefined (→ a per-field message). With a
 * duplicated field the first value wins. NUL characters (which Postgres text cannot hold) are removed.
 */
export function formFields<K extends string>(form: FormData, names: readonly K[]): Record<K, string | undefined> {
  return Object.fromEntries(
    names.map((n) => {
      const value = form.get(n);
      return [n, typeof value === "string" ? value.replaceAll("\u0000", "") : undefined];
    }),
  ) as Record<K, string | undefined>;
}
