import "server-only";
import type { User } from "@/generated/prisma/client";
import { recordEvent } from "@/lib/auth-events";
import { fieldErrors } from "@/lib/security/json";
import { type FieldErrors } from "@/lib/security/http";
import { clientIp } from "@/lib/security/client-ip";
import { hitAll, limits, type Limit } from "@/lib/security/rate-limit";
import { pruneSoon } from "@/lib/retention/soon";
import { createUser, passwordProblem, signUpFieldsSchema } from "@/lib/users";

export type SignUpOutcome =
  | { ok: true; user: User }
  | { ok: false; status: 400 | 409 | 429; error: string; fields?: FieldErrors; retryAfterSeconds?: number };

/**
 * Sign-up, shared by the form's server action and POST /api/signup: validate the fields, rate-limit, judge the
 * password's strength (CPU-bound, so only after the limit), create, log.
 */
export async function signUp(raw: unknown, headers: Headers): Promise<SignUpOutcome> {
  const parsed = signUpFieldsSchema.safeParse(raw);
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
  const fields = parsed.success ? {} : fieldErrors(parsed.error);
  const weak = fields.password ? null : strengthProblem(raw);
  if (weak) fields.password = weak;
  if (!parsed.success || weak) return { ok: false, status: 400, error: "Some fields need attention.", fields };

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

/**
 * The password's strength problem, judged against whichever of email and name are valid (an invalid one is
 * not used: it could be any size). Called only when the password field itself passed its shape check.
 */
function strengthProblem(raw: unknown): string | null {
  const input = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
  const { shape } = signUpFieldsSchema;
  const password = shape.password.safeParse(input.password);
  if (!password.success) return null;
  const email = shape.email.safeParse(input.email);
  const name = shape.name.safeParse(input.name);
  return passwordProblem(password.data, {
    email: email.success ? email.data : undefined,
    name: name.success ? name.data : undefined,
  });
}
