import "server-only";
import { recordEvent } from "@/lib/accounts/audit-log";
import { prisma } from "@/lib/server/db";
import { hashPassword } from "@/lib/accounts/password-hash";
import { confirmPassword } from "@/lib/accounts/confirm-password";
import type { FieldErrors } from "@/lib/security/http";
import { findUser, passwordProblem, PASSWORD_MAX } from "@/lib/accounts/users";
import type { CurrentSignIn } from "@/lib/strategy/viewer";
import { endEverywhere, reissueAfterEvent } from "@/lib/strategy/credential-policy";

export { confirmPassword } from "@/lib/accounts/confirm-password";

export type PasswordChange =
  | { ok: true; sessionsEnded: number; refreshTokensRevoked: number; tokenVersion: number }
  | { ok: false; status: 400 | 401 | 429; fields: FieldErrors };

/**
 * Changes the password of the signed-in user: the current password first, then the policy (lib/accounts/users.ts).
 * Afterwards every OTHER session ends, every token of the account is invalidated (token version bumped, every
 * refresh-token family revoked) — and the current sign-in survives: the session row is spared, a JWT is
 * re-issued with the new version.
 */
export async function changePassword(
  current: CurrentSignIn,
  input: { currentPassword?: unknown; newPassword?: unknown },
): Promise<PasswordChange> {
  const confirmed = await confirmPassword(current.userId, input.currentPassword, current.ctx.client.ip);
  if (!confirmed.ok) return confirmed;
  const user = await findUser(current.userId);
  if (!user) return { ok: false, status: 401, fields: { form: "This account no longer exists." } };
  const next = typeof input.newPassword === "string" ? input.newPassword : "";
  if (next.length > PASSWORD_MAX * 4)
    return { ok: false, status: 400, fields: { newPassword: `Use at most ${PASSWORD_MAX} characters.` } };
  const problem = passwordProblem(next, { email: user.email, name: user.name });
  if (problem) return { ok: false, status: 400, fields: { newPassword: problem } };
  if (next === input.currentPassword)
    return { ok: false, status: 400, fields: { newPassword: "Choose a password different from the current one." } };

  await (await prisma()).user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(next) } });
  const client = current.ctx.client;
  const { sessionsEnded, tokens } = await endEverywhere(user.id, {
    except: current.strategy === "session" ? current.session.session.id : undefined,
    reason: "Password changed",
    client,
  });
  const tokenVersion = tokens?.tokenVersion ?? user.tokenVersion + 1;
  // This browser performed the change: its JWT is re-issued with the new version, inside this request, with its
  // original sign-in time (the credential policy's one exception to I2).
  await reissueAfterEvent(current, user.tokenVersion, tokens?.tokenVersion, "after a password change");
  await recordEvent({
    userId: user.id,
    area: "account",
    type: "password-change",
    detail: `Password changed: ${count(sessionsEnded, "other session")} ended, ${count(tokens?.refreshTokensRevoked ?? 0, "refresh token")} revoked, token version ${tokenVersion}.`,
    ...client,
  });
  return {
    ok: true,
    sessionsEnded,
    refreshTokensRevoked: tokens?.refreshTokensRevoked ?? 0,
    tokenVersion,
  };
}

/** "1 other session", "2 other sessions" (the lifecycle log reads as a sentence). */
const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;
