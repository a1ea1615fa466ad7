import "server-only";
import type { User } from "@/generated/prisma/client";
import { recordEvent } from "@/lib/accounts/audit-log";
import { fieldErrors } from "@/lib/security/json";
import { type FieldErrors } from "@/lib/security/http";
import { clientMeta } from "@/lib/server/request-meta";
import { hit, hitAccount, ipKey, limits } from "@/lib/security/rate-limit";
import { pruneSoon } from "@/lib/retention/soon";
import { createUser, passwordProblem, signUpFieldsSchema } from "@/lib/accounts/users";

export type SignUpOutcome =
  | { ok: true; user: User }
  | { ok: false; status: 400 | 409 | 429; error: string; fields?: FieldErrors; retryAfterSeconds?: number };

const LIMITED = "Too many sign-up attempts. Try again later.";

/**
 * Sign-up, shared by the form's server action and POST /api/signup: the per-address limit (every attempt counts,
 * so "already registered" answers are bounded per address), validate the fields, the per-account limit (per
 * address and total), judge the password's strength (CPU-bound, so only after the limits), create, log. A refused
 * attempt writes nothing (SECURITY.md "Abuse limits").
 */
export async function signUp(raw: unknown, headers: Headers): Promise<SignUpOutcome> {
  void pruneSoon(); // retention without a scheduler (lib/retention/soon.ts), after the response
  const client = clientMeta(headers);
  const { ip } = client;
  const { signupPerIp, signupPerAccount } = limits();
  const byIp = await hit(ipKey("signup", ip), signupPerIp);
  if (!byIp.ok) return { ok: false, status: 429, error: LIMITED, retryAfterSeconds: byIp.retryAfterSeconds };
  const parsed = signUpFieldsSchema.safeParse(raw);
  const fields = parsed.success ? {} : fieldErrors(parsed.error);
  if (parsed.success) {
    const byAccount = await hitAccount("signup", parsed.data.email, ip, signupPerAccount);
    if (!byAccount.ok)
      return { ok: false, status: 429, error: LIMITED, retryAfterSeconds: byAccount.retryAfterSeconds };
  }
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
    ...client,
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
