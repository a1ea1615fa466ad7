import "server-only";
import { prisma } from "@/lib/server/db";
import type { FieldErrors } from "@/lib/security/http";
import { clearSessionCookie } from "@/lib/session";
import type { CurrentSignIn } from "@/lib/strategy/viewer";
import { confirmPassword } from "@/lib/strategy/password-change";
import { clearJwtCookie } from "@/lib/token/jwt";

/**
 * Deletes the signed-in user's account after the password is confirmed. One DELETE: the schema cascades to
 * sessions, refresh tokens and the lifecycle log, so every session and refresh token ends with it. This
 * browser's cookies are cleared afterwards (only once the row is gone, so a failure leaves nothing half done).
 * JWTs elsewhere still decode until they expire, but name an account that no longer exists.
 */
export async function deleteAccount(
  current: CurrentSignIn,
  password: unknown,
): Promise<{ ok: true } | { ok: false; status: 400 | 401 | 429; fields: FieldErrors }> {
  const confirmed = await confirmPassword(current.userId, password, current.ctx.client.ip, "password");
  if (!confirmed.ok) return confirmed;
  await (await prisma()).user.deleteMany({ where: { id: current.userId } });
  clearSessionCookie(current.ctx);
  await clearJwtCookie();
  return { ok: true };
}
