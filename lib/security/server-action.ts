import "server-only";
import { headers } from "next/headers";
import { isDatabaseUnavailable } from "@/lib/server/outage";
import { isSameOrigin } from "@/lib/security/origin";

/**
 * Every server action goes through `serverAction()`: one place for the refusals and outages that every form
 * needs, so no action restates them.
 * - CSRF: Next.js compares the Origin's host with the Host header; we also require the scheme and port to match
 *   and refuse a missing Origin, exactly as for route handlers (lib/security/http.ts `checkOrigin`). A refused
 *   request runs nothing and writes nothing.
 * - Input: the named text fields are read from the FormData (a file or a missing field becomes undefined, so the
 *   action answers per field; with a duplicated field the first value wins; NUL characters are removed).
 * - Outage: a database outage becomes a message saying nothing was changed (SECURITY.md "Database outage");
 *   any other error — and Next.js' own redirect() — propagates.
 * - Nothing the user typed is lost: the `echo` fields are sent back with every answer that does not redirect.
 */

export type FormState = {
  error?: string;
  fields?: Record<string, string>;
  /** Echoed back so a failed submit keeps what the user typed. Never contains a password. */
  values?: Record<string, string>;
  message?: string;
};

const REFUSED = "This form was submitted from another site and was refused.";
const UNAVAILABLE = "The database is unavailable right now, so nothing was changed. Try again in a moment.";

type Spec<K extends string> = {
  /** The text fields the action reads. */
  fields?: readonly K[];
  /** The fields sent back with every answer (never a password). */
  echo?: readonly K[];
  /** The message for a database outage, when it should say more than "nothing was changed". */
  unavailable?: string;
};

export function serverAction<K extends string = never>(
  spec: Spec<K>,
  run: (input: Record<K, string | undefined>) => Promise<FormState>,
): (previous: FormState, form?: FormData) => Promise<FormState> {
  return async (_previous, form) => {
    const input = form ? formFields(form, spec.fields ?? []) : ({} as Record<K, string | undefined>);
    const echo = spec.echo?.length
      ? { values: Object.fromEntries(spec.echo.map((name) => [name, input[name] ?? ""])) }
      : {};
    if (!isSameOrigin(await headers())) return { error: REFUSED, ...echo };
    try {
      return { ...echo, ...(await run(input)) };
    } catch (error) {
      if (isDatabaseUnavailable(error)) return { error: spec.unavailable ?? UNAVAILABLE, ...echo };
      throw error;
    }
  };
}

/** Reads text fields from a FormData; a file or a missing field becomes undefined. */
function formFields<K extends string>(form: FormData, names: readonly K[]): Record<K, string | undefined> {
  return Object.fromEntries(
    names.map((n) => {
      const value = form.get(n);
      return [n, typeof value === "string" ? value.replaceAll("\u0000", "") : undefined];
    }),
  ) as Record<K, string | undefined>;
}
