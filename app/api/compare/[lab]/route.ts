import { z } from "zod";
import { currentSignIn } from "@/lib/strategy/viewer";
import { labContext } from "@/lib/labs/context";
import { DEFAULT_ITERATIONS, MAX_ITERATIONS, MIN_ITERATIONS, runCostLab } from "@/lib/labs/cost";
import { runCrossSiteLab } from "@/lib/labs/cross-site";
import { runEverywhereLab } from "@/lib/labs/everywhere";
import { selfOrigin } from "@/lib/labs/probe";
import { runReplayLab } from "@/lib/labs/replay";
import { runStaleClaimsLab } from "@/lib/labs/stale-claims";
import { checkOrigin, json, problem, refuseOtherMethods, route, tooManyRequests } from "@/lib/security/http";
import { readJson } from "@/lib/security/json";
import { hit } from "@/lib/security/rate-limit";

export const dynamic = "force-dynamic";

const LABS = ["replay", "everywhere", "stale-claims", "cross-site", "cost"] as const;
type Lab = (typeof LABS)[number];

const bodies = {
  replay: z.object({}),
  everywhere: z.object({}),
  "cross-site": z.object({}),
  "stale-claims": z.object({ name: z.unknown() }),
  cost: z.object({
    iterations: z
      .number({ error: "iterations must be a number." })
      .int("iterations must be a whole number.")
      .min(MIN_ITERATIONS, `iterations must be at least ${MIN_ITERATIONS}.`)
      .max(MAX_ITERATIONS, `iterations must be at most ${MAX_ITERATIONS}.`)
      .default(DEFAULT_ITERATIONS),
  }),
} satisfies Record<Lab, z.ZodType>;

/** A lab costs real work (sign-ins, HTTP round trips, thousands of checks): a few a minute per account. */
const LAB_LIMIT = { limit: 30, windowSeconds: 60 };

/**
 * POST /api/compare/{replay|everywhere|stale-claims|cross-site|cost} (JSON, same origin, signed in to either area)
 * → 200 with what the lab did and what each endpoint answered. 401 signed out, 404 unknown lab, 429 too often.
 */
export const POST = route(async (request, context: { params: Promise<{ lab: string }> }) => {
  const refused = checkOrigin(request);
  if (refused) return refused;
  const { lab } = await context.params;
  if (!(LABS as readonly string[]).includes(lab)) return problem(404, `No such lab. Labs: ${LABS.join(", ")}.`);
  const name = lab as Lab;
  const parsed = await readJson(request, bodies[name] as z.ZodType<Record<string, unknown>>);
  if (!parsed.ok) return parsed.response;
  const current = await currentSignIn();
  if (!current) return problem(401, "Sign in to either area to run the labs.");
  // Checked before the limit is counted: a refused copy (one from before a sign out everywhere) writes nothing,
  // so it cannot use up the owner's labs either.
  const ctx = await labContext(current, selfOrigin(request));
  if (!ctx) return problem(401, "This sign-in has ended (the account is gone, or it predates a password change).");
  const limit = await hit(`labs:account:${current.userId}`, LAB_LIMIT);
  if (!limit.ok) return tooManyRequests(limit.retryAfterSeconds);

  switch (name) {
    case "replay":
      return json(await runReplayLab(ctx));
    case "everywhere":
      return json(await runEverywhereLab(ctx));
    case "cross-site":
      return json(await runCrossSiteLab(ctx));
    case "stale-claims": {
      const outcome = await runStaleClaimsLab(ctx, parsed.data.name);
      return outcome.ok ? json(outcome.result) : problem(400, "Choose another name.", outcome.fields);
    }
    case "cost":
      return json(await runCostLab(ctx, parsed.data.iterations as number));
  }
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = refuseOtherMethods("POST");
