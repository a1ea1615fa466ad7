import { z } from "zod";
import { currentSignIn } from "@/lib/strategy/viewer";
import { checkLab, LAB_NAMES, runLab, type LabName, type LabProgress, type LabRun } from "@/lib/labs";
import { hitLabLimit } from "@/lib/labs/limits";
import { MAX_ITERATIONS, MIN_ITERATIONS, DEFAULT_ITERATIONS } from "@/lib/labs/cost";
import { LabIdentityGone } from "@/lib/labs/device";
import { selfOrigin } from "@/lib/labs/probe";
import { checkOrigin, json, problem, refuseOtherMethods, route, tooManyRequests } from "@/lib/security/http";
import { readJson } from "@/lib/security/json";

export const dynamic = "force-dynamic";
// The expiry lab watches its credentials for about a minute.
export const maxDuration = 90;

// Strict: a key a lab does not take is refused (400) before anything is written — no request can pass a lab
// anything else (lifetimes, an account id) that the code might one day read.
const bodies = {
  replay: z.strictObject({}),
  everywhere: z.strictObject({}),
  "cross-site": z.strictObject({}),
  "stale-claims": z.strictObject({ name: z.unknown() }),
  cost: z.strictObject({
    iterations: z
      .number({ error: "iterations must be a number." })
      .int("iterations must be a whole number.")
      .min(MIN_ITERATIONS, `iterations must be at least ${MIN_ITERATIONS}.`)
      .max(MAX_ITERATIONS, `iterations must be at most ${MAX_ITERATIONS}.`)
      .default(DEFAULT_ITERATIONS),
  }),
  expiry: z.strictObject({}),
  verifier: z.strictObject({}),
} satisfies Record<LabName, z.ZodType>;

const NDJSON = "application/x-ndjson";

/** A run's refusal as an HTTP answer. */
function refused(run: Extract<LabRun, { ok: false }>) {
  return problem(run.status, run.error, run.fields);
}

/**
 * POST /api/compare/{replay|everywhere|stale-claims|cross-site|cost|expiry} (JSON, same origin, signed in to either
 * area) → each run acts on a new throw-away lab identity of the signed-in account, never on the account itself.
 * - `Accept: application/x-ndjson`: 200 and a stream of one JSON object per line — `{type:"step"|"progress"|"tick"}`
 *   while it runs, then `{type:"result", result}` or `{type:"error", status, error}`;
 * - otherwise: 200 with the result when it is done.
 * 400 bad input (before anything is written), 401 signed out or a stale copy, 404 unknown lab, 429 too often,
 * 503 too many lab identities exist.
 */
export const POST = route(async (request, context: { params: Promise<{ lab: string }> }) => {
  const refusedOrigin = checkOrigin(request);
  if (refusedOrigin) return refusedOrigin;
  const { lab } = await context.params;
  if (!(LAB_NAMES as string[]).includes(lab)) return problem(404, `No such lab. Labs: ${LAB_NAMES.join(", ")}.`);
  const name = lab as LabName;
  const parsed = await readJson(request, bodies[name] as z.ZodType<Record<string, unknown>>);
  if (!parsed.ok) return parsed.response;
  const current = await currentSignIn();
  if (!current) return problem(401, "Sign in to either area to run the labs.");
  const input = { name: parsed.data.name, iterations: parsed.data.iterations as number | undefined };
  const base = selfOrigin(request);
  const requestHeaders = request.headers;

  // Input and sign-in are checked before the limit is counted: a refused request writes nothing at all.
  const precheck = await checkLab(name, current, input);
  if (precheck && !precheck.ok) return refused(precheck);
  // 30 a minute per account; the cost lab, the heavy one, 4 (lib/labs/limits.ts).
  const limit = await hitLabLimit(name, current.userId);
  if (!limit.ok) return tooManyRequests(limit.retryAfterSeconds);

  if (!(request.headers.get("accept") ?? "").includes(NDJSON)) {
    try {
      const run = await runLab(name, current, base, input, { requestHeaders, signal: request.signal });
      return run.ok ? json(run.result) : refused(run);
    } catch (error) {
      if (error instanceof LabIdentityGone) return problem(409, error.message);
      throw error;
    }
  }

  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      let open = true;
      const send = (event: unknown) => {
        if (!open) return;
        try {
          controller.enqueue(encoder.encode(`${JSON.stringify(event)}\n`));
        } catch {
          open = false; // the reader went away
        }
      };
      try {
        const run = await runLab(name, current, base, input, {
          requestHeaders,
          signal: request.signal,
          progress: (event: LabProgress) => send(event),
        });
        send(
          run.ok
            ? { type: "result", result: run.result }
            : { type: "error", status: run.status, error: run.error, fields: run.fields },
        );
      } catch (error) {
        if (error instanceof LabIdentityGone) send({ type: "error", status: 409, error: error.message });
        else {
          console.error(`POST /api/compare/${name} failed:`, error);
          send({ type: "error", status: 500, error: "The lab failed on our side." });
        }
      } finally {
        if (open) controller.close();
        open = false;
      }
    },
  });
  return new Response(stream, {
    status: 200,
    headers: {
      "Content-Type": `${NDJSON}; charset=utf-8`,
      "Cache-Control": "no-store",
      "X-Accel-Buffering": "no",
    },
  });
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = refuseOtherMethods("POST");
