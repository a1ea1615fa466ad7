import { z } from "zod";
import { json, problem, refuseOtherMethods } from "@/lib/security/http";
import { jsonPost } from "@/lib/security/json";
import { endEverywhere } from "@/lib/strategy/credential-policy";
import { readSession, routeContext, revokeSession } from "@/lib/session";

const body = z.object({
  scope: z
    .enum(["this", "others", "everywhere"], { error: 'scope must be "this", "others" or "everywhere".' })
    .default("this"),
});

/**
 * POST /api/session/logout {scope?} (JSON, same origin) → 200 { ended }.
 * - "this" (default): deletes this browser's row and expires its cookie; idempotent (ended 0 when signed out).
 * - "others": ends every other session of the user, and every token (JWT version bumped, refresh families
 *   revoked); this session stays. 401 when not signed in.
 * - "everywhere": the same, this session included. 401 when not signed in.
 * No Clear-Site-Data: it would also wipe the token area's cookies (docs/decisions/0010-session-cookie-and-rows.md).
 */
export const POST = jsonPost(body, async ({ scope }, request) => {
  const ctx = routeContext(request);

  if (scope === "this") {
    const ended = await revokeSession(ctx);
    return ctx.applyTo(json({ scope, ended: ended ? 1 : 0 }));
  }
  const current = await readSession(ctx);
  if (!current) return ctx.applyTo(problem(401, "Not signed in to the session area."));
  // Everywhere means every credential type: JWTs (version spent) and refresh families too (SECURITY.md I2).
  const { sessionsEnded } = await endEverywhere(current.user.id, {
    except: scope === "others" ? current.session.id : undefined,
    reason: scope === "others" ? "Signed out everywhere else" : "Signed out everywhere",
    client: ctx.client,
  });
  if (scope === "everywhere") await revokeSession(ctx);
  return ctx.applyTo(json({ scope, ended: sessionsEnded }));
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = refuseOtherMethods("POST");
