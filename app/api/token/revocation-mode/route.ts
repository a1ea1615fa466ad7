import { z } from "zod";
import { clientIp } from "@/lib/security/client-ip";
import { checkOrigin, json, problem, refuseOtherMethods, route } from "@/lib/security/http";
import { readJson } from "@/lib/security/json";
import { updateTokenSession } from "@/lib/token/auth";
import { readTokenRequest } from "@/lib/token/read";
import { setRevocationMode } from "@/lib/token/revoke";

const body = z.object({
  enabled: z.boolean({
    error: (issue) => (issue.input === undefined ? "enabled is required." : "enabled must be true or false."),
  }),
});

/**
 * POST /api/token/revocation-mode {enabled} → 200 {enabled, tokenVersion, databaseReadsPerRequest}. Switches
 * the signed-in account's revocation mode and re-issues this browser's JWT so it carries the new mode
 * (tokens held elsewhere keep the mode they were issued with). 401 without a token session.
 */
export const POST = route(async (request) => {
  const refused = checkOrigin(request);
  if (refused) return refused;
  const session = await readTokenRequest(request);
  if (!session) return problem(401, "Sign in with a token first.");
  const parsed = await readJson(request, body);
  if (!parsed.ok) return parsed.response;
  const state = await setRevocationMode(session.claims.sub, parsed.data.enabled, {
    ip: clientIp(request.headers),
    userAgent: request.headers.get("user-agent"),
  });
  if (!state) return problem(401, "This account no longer exists.");
  await updateTokenSession({});
  return json({
    enabled: state.enabled,
    tokenVersion: state.tokenVersion,
    databaseReadsPerRequest: state.enabled ? 1 : 0,
  });
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = refuseOtherMethods("POST");
