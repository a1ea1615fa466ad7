import "server-only";
import type { User } from "@/generated/prisma/client";
import { recordEvent } from "@/lib/auth-events";
import { fieldErrors } from "@/lib/security/json";
import { type FieldErrors } from "@/lib/security/http";
import { clientIp } from "@/lib/security/client-ip";
import { hitAll, limits, type Limit } from "@/lib/security/rate-limit";
import { pruneSoon } from "@/lib/retention/soon";
import { createUser, signUpSchema } from "@/lib/users";

export type SignUpOutcome =
  | { ok: true; user: User }
  | { ok: false; status: 400 | 409 | 429; error: string; fields?: FieldErrors; retryAfterSeconds?: number };

/** Sign-up, shared by the form's server action and POST /api/signup: validate, rate-limit, create, log. */
export async function signUp(raw: unknown, headers: Headers): Promise<SignUpOutcome> {
  const parsed = signUpSchema.safeParse(raw);
  void pruneSoon(); // retention without a scheduler (lib/retention/soon.ts), after the response
  const ip = clientIp(headers);
  const email = parsed.success ? parsed.data.email : null;
  const { signupPerIp, signupPerAccount } = limits();
  const limit = await hitAll([
    [`signup:ip:${ip}`, signupPerIp],
    ...(email ? [[`signup:account:${email}`, signupPerAccount] as [string, Limit]] : []),
  ]);
  if (!limit.ok) {
    return {
      ok: false,
      status: 429,
      error: "Too many sign-up attempts. Try again later.",
      retryAfterSeconds: limit.retryAfterSeconds,
    };
  }
  if (!parsed.success)
    return { ok: false, status: 400, error: "Some fields need attention.", fields: fieldErrors(parsed.error) };

  const created = await createUser(parsed.data);
  if (!created.ok)
    return { ok: false, status: 409, error: "This email is already registered.", fields: created.fields };
  await recordEvent({
    userId: created.user.id,
    area: "account",
    type: "sign-up",
    ip,
    userAgent: headers.get("user-agent"),
  });
  return created;
}
