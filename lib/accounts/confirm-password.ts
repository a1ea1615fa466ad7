import "server-only";
import type { FieldErrors } from "@/lib/security/http";
import { hitAccount, limits } from "@/lib/security/rate-limit";
import { verifyPassword } from "@/lib/accounts/password-hash";
import { findUser, PASSWORD_MAX, verifyNothing } from "@/lib/accounts/users";

/**
 * Proving the password again for a sensitive change (password change, turning revocation mode off, deletion),
 * rate limited like sign-in (`passwordChangePerAccount`): per (account, address bucket), plus a total per account
 * across addresses. So a stolen cookie cannot be used to guess the password at leisure, and a thief's wrong
 * guesses from their address do not lock the owner, at another address, out of these changes.
 */
export async function confirmPassword(
  userId: string,
  password: unknown,
  ip: string | null | undefined,
  field = "currentPassword",
): Promise<{ ok: true } | { ok: false; status: 400 | 401 | 429; fields: FieldErrors; retryAfterSeconds?: number }> {
  if (typeof password !== "string" || password.length === 0)
    return { ok: false, status: 400, fields: { [field]: "Enter your current password." } };
  if (password.length > PASSWORD_MAX * 4)
    return { ok: false, status: 400, fields: { [field]: "That is not your current password." } };
  const limit = await hitAccount("password-confirm", userId, ip ?? "unknown", limits().passwordChangePerAccount);
  if (!limit.ok) {
    const minutes = Math.max(1, Math.ceil(limit.retryAfterSeconds / 60));
    return {
      ok: false,
      status: 429,
      retryAfterSeconds: limit.retryAfterSeconds,
      fields: { [field]: `Too many attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.` },
    };
  }
  const user = await findUser(userId);
  // A lab identity has no password: nothing it "confirms" passes, after the same work as a wrong password.
  const matches = user?.passwordHash
    ? await verifyPassword(user.passwordHash, password)
    : await verifyNothing(password);
  if (!user || !matches) return { ok: false, status: 401, fields: { [field]: "That is not your current password." } };
  return { ok: true };
}
