import { z } from "zod";
import { checkOrigin, json, problem, refuseOtherMethods, route, tooManyRequests } from "@/lib/security/http";
import { readJson } from "@/lib/security/json";
import { signUp } from "@/lib/accounts/sign-up";

// Shape only; lib/accounts/users.ts validates the values and answers per field.
const body = z.object({
  email: z.unknown().optional(),
  name: z.unknown().optional(),
  password: z.unknown().optional(),
});

/** POST /api/signup {email, name, password} → 201 {user} | 400/409 {error, fields} | 429. */
export const POST = route(async (request) => {
  const refused = checkOrigin(request);
  if (refused) return refused;
  const parsed = await readJson(request, body);
  if (!parsed.ok) return parsed.response;
  const outcome = await signUp(parsed.data, request.headers);
  if (!outcome.ok) {
    if (outcome.status === 429) return tooManyRequests(outcome.retryAfterSeconds ?? 60);
    return problem(outcome.status, outcome.error, outcome.fields);
  }
  const { id, email, name } = outcome.user;
  return json({ user: { id, email, name } }, { status: 201 });
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = refuseOtherMethods("POST");
