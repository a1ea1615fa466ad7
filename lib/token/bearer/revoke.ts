import "server-only";
import { recordEvent } from "@/lib/accounts/audit-log";
import type { ClientMeta } from "@/lib/server/request-meta";
import { revokeFamily, revokeFamilyOf, revokeUserFamilies } from "@/lib/token/bearer/internal/refresh-store";

/**
 * Ending bearer sign-ins. Refresh tokens are rows, so a family can be revoked (sign-out) and so can every family
 * of an account (sign out everywhere, password change). Access tokens already issued cannot be taken back: they
 * verify by signature alone until their `exp` (BEARER_ACCESS_TTL) — the bearer flow's trade-off.
 */

/** Sign-out with a refresh token: revokes its family. Idempotent; an unknown token is simply nothing to revoke. */
export async function revokeBearer(refreshToken: unknown, client: ClientMeta): Promise<void> {
  const revoked = await revokeFamilyOf(refreshToken);
  if (revoked && revoked.revokedNow > 0)
    await recordEvent({
      userId: revoked.userId,
      area: "bearer",
      type: "sign-out",
      detail: "Refresh-token family revoked. Access tokens already issued stay valid until they expire.",
      ...client,
    });
}

/** Revokes every refresh-token family of the account; how many rows were revoked. */
export async function revokeAllBearer(userId: string, client: Partial<ClientMeta> = {}): Promise<number> {
  const revoked = await revokeUserFamilies(userId);
  if (revoked > 0)
    await recordEvent({
      userId,
      area: "bearer",
      type: "revocation",
      detail: `Every refresh-token family revoked (${revoked} ${revoked === 1 ? "token" : "tokens"}).`,
      ...client,
    });
  return revoked;
}

export { revokeFamily };
