import { z } from "zod";
import { checkOrigin, json, problem, refusal, refuseOtherMethods, route } from "@/lib/security/http";
import { readJson } from "@/lib/security/json";
import { clientMeta } from "@/lib/server/request-meta";
import { changeRevocationMode, reissueJwt } from "@/lib/strategy/credential-policy";
import { readJwtRequest } from "@/lib/token/jwt";

const body = z.object({
  enabled: z.boolean({
    error: (issue) => (issue.input === undefined ? "enabled is required." : "enabled must be true or false."),
  }),
  // Required to turn the mode off (I3: weakening needs the password); checked by the credential policy.
  currentPassword: z.unknown().optional(),
});

/**
 * POST /api/token/revocation-mode {enabled, currentPassword?} → 200 {enabled, tokenVersion, databaseReadsPerRequest}. Switches
 * the signed-in account's revocation mode and re-issues this browser's JWT so it carries the new mode
 * (tokens held elsewhere follow it at their next renewal). Turning it off needs `currentPassword` (400 without,
 * 401 wrong, 429 over the per-account limit). 401 without a token session.
 */
export const POST = route(async (request) => {
  const refused = checkOrigin(request);
  if (refused) return refused;
  const session = await readJwtRequest(request);
  if (!session) return problem(401, "Sign in with a token first.");
  const parsed = await readJson(request, body);
  if (!parsed.ok) return parsed.response;
  const client = clientMeta(request.headers);
  const state = await changeRevocationMode(
    session.claims.sub,
    parsed.data.enabled,
    parsed.data.currentPassword,
    client,
  );
  if (!state.ok)
    return refusal({
      ...state,
      error: state.fields.form ?? "The current password is needed to turn revocation mode off.",
    });
  // This browser's JWT carries the mode it was issued with: re-issued through the policy (I2 checked there).
  await reissueJwt(session.claims, "with the new revocation mode");
  return json({
    enabled: state.enabled,
    tokenVersion: state.tokenVersion,
    databaseReadsPerRequest: state.enabled ? 1 : 0,
  });
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = refuseOtherMethods("POST");
