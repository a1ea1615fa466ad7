import "server-only";
import type { User } from "@/generated/prisma/client";
import { recordEvent } from "@/lib/auth-events";
import { fieldErrors } from "@/lib/security/json";
import { type FieldErrors } from "@/lib/security/http";
import { clientIp } from "@/lib/security/client-ip";
import { accountKey, accountScope, hit, ipKey, limits } from "@/lib/security/rate-limit";
import { createUser, signUpSchema } from "@/lib/users";

export type SignUpOutcome =
  | { ok: true; user: User }
  | { ok: false; status: 400 | 409 | 429; error: string; fields?: FieldErrors; retryAfterSeconds?: number };

const LIMITED = "Too many sign-up attempts. Try again later.";

/**
 * Sign-up, shared by the form's server action and POST /api/signup: the per-address limit (every attempt counts,
 * so "already registered" answers are bounded per address), validate, the per-account limit (per address and
 * total), create, log. A refused attempt writes nothing (SECURITY.md "Abuse limits").
 */
export async function signUp(raw: unknown, headers: Headers): Promise<SignUpOutcome> {
  const ip = clientIp(headers);
  const { signupPerIp, signupPerAccount } = limits();
  const byIp = await hit(ipKey("signup", ip), signupPerIp);
  if (!byIp.ok) return { ok: false, status: 429, error: LIMITED, retryAfterSeconds: byIp.retryAfterSeconds };
  const parsed = signUpSchema.safeParse(raw);
  if (!parsed.success)
    return { ok: false, status: 400, error: "Some fields need attention.", fields: fieldErrors(parsed.error) };
  const scope = accountScope("signup", parsed.data.email);
  const byAccount = await hit(accountKey(scope, ip), signupPerAccount, { scope, total: signupPerAccount.total });
  if (!byAccount.ok) return { ok: false, status: 429, error: LIMITED, retryAfterSeconds: byAccount.retryAfterSeconds };

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
