import "server-only";
import type { NextRequest, NextResponse } from "next/server";
import type { z } from "zod";
import { checkOrigin, problem, route, type FieldErrors } from "@/lib/security/http";

/** Largest JSON body any API here accepts. The longest legitimate one (a 256-character password) is far below. */
export const MAX_JSON_BYTES = 16 * 1024;

export type Parsed<T> = { ok: true; data: T } | { ok: false; response: NextResponse };

/**
 * A POST route handler taking a JSON body: the Origin must be exactly ours (403), then the body is read and
 * validated (415, 413, 400 per field), then `handler` runs inside route() (503 on an outage, never a stack trace).
 */
export function jsonPost<S extends z.ZodType, C = unknown>(
  schema: S,
  handler: (data: z.infer<S>, request: NextRequest, context: C) => Promise<Response>,
) {
  return route<C>(async (request, context) => {
    const refused = checkOrigin(request);
    if (refused) return refused;
    const parsed = await readJson(request, schema);
    if (!parsed.ok) return parsed.response;
    return handler(parsed.data, request, context);
  });
}

/**
 * Reads a JSON request body and validates it: wrong content type → 415, too large → 413, malformed → 400,
 * wrong shape → 400 with a message per field. The body is read with a hard byte limit, whatever
 * Content-Length claims.
 */
export async function readJson<S extends z.ZodType>(
  request: Request,
  schema: S,
  maxBytes = MAX_JSON_BYTES,
): Promise<Parsed<z.infer<S>>> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    return { ok: false, response: problem(415, "Send the body as JSON (Content-Type: application/json).") };
  }
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) return { ok: false, response: tooLarge(maxBytes) };

  const text = await readText(request, maxBytes);
  if (text === null) return { ok: false, response: tooLarge(maxBytes) };
  if (text.trim() === "")
    return { ok: false, response: problem(400, "The request body is empty; send a JSON object.") };

  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, response: problem(400, "The request body is not valid JSON.") };
  }
  // Postgres text cannot hold U+0000; refuse it here rather than let a query fail with a 500.
  if (containsNul(value)) {
    return { ok: false, response: problem(400, "The request body contains a NUL character.") };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { ok: false, response: problem(400, "The request body must be a JSON object.") };
  }
  const result = schema.safeParse(value);
  if (!result.success)
    return { ok: false, response: problem(400, "Some fields are invalid.", fieldErrors(result.error)) };
  return { ok: true, data: result.data };
}

/** One message per field, from a zod error (the first issue of each field wins). */
export function fieldErrors(error: z.ZodError): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? "form");
    fields[key] ??= issue.message;
  }
  return fields;
}

/** True when any string or key in a parsed JSON value contains U+0000. */
function containsNul(value: unknown, depth = 0): boolean {
  if (typeof value === "string") return value.includes("\u0000");
  if (typeof value !== "object" || value === null || depth > 64) return false;
  for (const [key, item] of Object.entries(value)) {
    if (key.includes("\u0000") || containsNul(item, depth + 1)) return true;
  }
  return false;
}

function tooLarge(maxBytes: number) {
  return problem(413, `The request body is larger than ${maxBytes} bytes.`);
}

async function readText(request: Request, maxBytes: number): Promise<string | null> {
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  return new TextDecoder("utf-8", { fatal: false }).decode(Buffer.concat(chunks));
}
