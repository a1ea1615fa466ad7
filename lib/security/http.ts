import "server-only";
import { NextResponse, type NextRequest } from "next/server";
import { constraintKind, type ConstraintKind } from "@/lib/server/db/error-codes";
import { isDatabaseUnavailable } from "@/lib/server/outage";
import { isSameOrigin } from "@/lib/security/origin";

/** Field name → message. `form` is for messages that belong to no single field. */
export type FieldErrors = Record<string, string>;

/** A JSON response that is never cached (every API response here is about a credential or an account). */
export function json(body: unknown, init: { status?: number; headers?: HeadersInit } = {}): NextResponse {
  const headers = new Headers(init.headers);
  headers.set("Cache-Control", "no-store");
  return NextResponse.json(body, { status: init.status ?? 200, headers });
}

/** A clear 4xx/5xx: `{ error, fields? }`. Never echoes input, never a stack trace. */
export function problem(status: number, error: string, fields?: FieldErrors, headers?: HeadersInit): NextResponse {
  return json(fields ? { error, fields } : { error }, { status, headers });
}

export function tooManyRequests(retryAfterSeconds: number): NextResponse {
  return problem(429, "Too many attempts. Try again later.", undefined, { "Retry-After": String(retryAfterSeconds) });
}

/** The answer for a refused outcome: 429 with Retry-After, or the status with a message per field. */
export function refusal(outcome: {
  status: number;
  error: string;
  fields?: FieldErrors;
  retryAfterSeconds?: number;
}): NextResponse {
  if (outcome.status === 429) return tooManyRequests(outcome.retryAfterSeconds ?? 60);
  return problem(outcome.status, outcome.error, outcome.fields);
}

const unavailable = () =>
  problem(503, "The database is unavailable right now. Try again in a moment.", undefined, { "Retry-After": "5" });

/** Next.js hands route handlers a NextRequest (parsed cookies, nextUrl). */
type Handler<C> = (request: NextRequest, context: C) => Promise<Response>;

/**
 * Integrity errors a request can still trigger after validation — a race with a deletion (the account is
 * gone when its session row is written), a duplicate created at the same instant — answered as what they are.
 */
const CONSTRAINT_PROBLEMS: Record<ConstraintKind, [number, string]> = {
  unique: [409, "That already exists. Reload and try again."],
  "foreign-key": [409, "The account or record this request refers to no longer exists."],
  "invalid-value": [400, "A value in the request is malformed."],
};

/**
 * Wraps a route handler: a database outage becomes 503, a broken integrity rule (constraintKind) a 409/400,
 * any other unexpected error a generic 500 (logged on the server, never sent to the client).
 */
export function route<C = unknown>(handler: Handler<C>): Handler<C> {
  return async (request, context) => {
    try {
      return await handler(request, context);
    } catch (error) {
      if (isDatabaseUnavailable(error)) return unavailable();
      const kind = constraintKind(error);
      if (kind) return problem(...CONSTRAINT_PROBLEMS[kind]);
      console.error(`${request.method} ${new URL(request.url).pathname} failed:`, error);
      return problem(500, "Something went wrong on our side.");
    }
  };
}

/** CSRF guard for state-changing route handlers: 403 unless the Origin is exactly ours. */
export function checkOrigin(request: Request): NextResponse | null {
  return isSameOrigin(request.headers) ? null : problem(403, "Cross-origin request refused.");
}

type Method = "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE" | "OPTIONS";
const METHODS: Method[] = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

/**
 * Handlers for every method a route does not implement: 405 with an `Allow` header (Next.js's own 405 has
 * none), and OPTIONS → 204 with `Allow`. Use: `export const { PUT, PATCH, DELETE, OPTIONS } = refuseOtherMethods("POST");`
 */
export function refuseOtherMethods(...allowed: Method[]): Record<Method, () => Response> {
  const allow = [
    ...new Set<Method>([...allowed, ...(allowed.includes("GET") ? (["HEAD"] as const) : []), "OPTIONS"]),
  ].join(", ");
  const handlers = {} as Record<Method, () => Response>;
  for (const method of METHODS) {
    handlers[method] =
      method === "OPTIONS"
        ? () => new Response(null, { status: 204, headers: { Allow: allow, "Cache-Control": "no-store" } })
        : () => problem(405, `Method not allowed. Use ${allowed.join(" or ")}.`, undefined, { Allow: allow });
  }
  return handlers;
}
