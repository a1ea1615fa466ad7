import "server-only";
import type { User } from "@/generated/prisma/client";
import { recordFailedSignIn, type AuthArea } from "@/lib/accounts/audit-log";
import { clientMeta } from "@/lib/server/request-meta";
import { fieldErrors } from "@/lib/security/json";
import type { FieldErrors } from "@/lib/security/http";
import { hitSignIn, limits, reset } from "@/lib/security/rate-limit";
import { pruneSoon } from "@/lib/retention/soon";
import { signInSchema, verifyCredentials } from "@/lib/accounts/users";

/** The one answer for every failed credential check, whichever part was wrong. */
export const INVALID_CREDENTIALS = "Email or password is incorrect.";

export type SignInCheck =
  | { ok: true; user: User; ip: string; userAgent: string | null }
  | { ok: false; status: 400 | 401 | 429; error: string; fields?: FieldErrors; retryAfterSeconds?: number };

const LIMITED = "Too many sign-in attempts. Try again later.";

/**
 * Checks a sign-in attempt for any area (session, next-auth, bearer): shape (bounded lengths, 400 per field),
 * the per-address limit, then the account's limit (per address, and its total), then the password. Unknown
 * email and wrong password give the same answer after the same work; a rate-limited attempt never reaches the
 * password check. An attempt refused on the address limit touches no account counter and writes nothing; only an
 * attempt that reaches the password check is logged (SECURITY.md "Abuse limits"). Logs failures (and nothing
 * else: each area logs its own successful sign-in once it has issued the credential).
 */
export async function checkSignIn(raw: unknown, headers: Headers, area: AuthArea): Promise<SignInCheck> {
  const parsed = signInSchema.safeParse(raw);
  if (!parsed.success)
    return { ok: false, status: 400, error: "Enter your email and password.", fields: fieldErrors(parsed.error) };
  const { email, password } = parsed.data;
  void pruneSoon(); // retention without a scheduler: a bounded pass at most every few minutes, after the response
  const { ip, userAgent } = clientMeta(headers);
  const { loginPerAccount, loginPerIp } = limits();
  // The address's counter, then (only if it counted this attempt) the account's: one statement, one round trip.
  const { byIp, byAccount, key } = await hitSignIn("login", email, ip, loginPerIp, loginPerAccount);
  if (!byIp.ok) return { ok: false, status: 429, error: LIMITED, retryAfterSeconds: byIp.retryAfterSeconds };
  if (!byAccount?.ok)
    return { ok: false, status: 429, error: LIMITED, retryAfterSeconds: byAccount?.retryAfterSeconds ?? 1 };
  const user = await verifyCredentials(email, password);
  if (!user) {
    await recordFailedSignIn(email, area, ip, userAgent);
    return { ok: false, status: 401, error: INVALID_CREDENTIALS };
  }
  await reset(key);
  return { ok: true, user, ip, userAgent };
}
