import "server-only";
import { findUser } from "@/lib/accounts/users";
import { liveSessionCount } from "@/lib/session";
import { fromDb } from "@/lib/strategy/preference";
import type { Viewer } from "@/lib/strategy/viewer";
import { liveBearerCount } from "@/lib/token/bearer";

/**
 * The account as /settings shows it: the user, the preferred strategy, and how many sign-ins of each kind the
 * server can still see (live session rows, bearer families that can still be renewed). JWTs are not counted:
 * the server stores nothing about them. Null when the account is gone.
 */
export async function accountOverview(viewer: Viewer) {
  const user = await findUser(viewer.userId);
  if (!user) return null;
  const [liveSessions, liveRefreshTokens] = await Promise.all([liveSessionCount(user.id), liveBearerCount(user.id)]);
  return { user, preferred: fromDb(user.preferredStrategy), liveSessions, liveRefreshTokens };
}
