import { z } from "zod";
import { signUp } from "@/lib/accounts/sign-up";
import { json, refusal, refuseOtherMethods } from "@/lib/security/http";
import { jsonPost } from "@/lib/security/json";

// Shape only; lib/accounts/users.ts validates the values and answers per field.
const body = z.object({
  email: z.unknown().optional(),
  name: z.unknown().optional(),
  password: z.unknown().optional(),
});

/** POST /api/signup {email, name, password} → 201 {user} | 400/409 {error, fields} | 429. */
export const POST = jsonPost(body, async (data, request) => {
  const outcome = await signUp(data, request.headers);
  if (!outcome.ok) return refusal(outcome);
  const { id, email, name } = outcome.user;
  return json({ user: { id, email, name } }, { status: 201 });
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = refuseOtherMethods("POST");
