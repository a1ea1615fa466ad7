import "server-only";
import { findUser } from "@/lib/accounts/users";
import { currentSession, liveSessionCount } from "@/lib/session";
import { fromDb } from "@/lib/strategy/preference";
import type { Viewer } from "@/lib/strategy/viewer";
import { liveBearerCount } from "@/lib/token/bearer";

/**
 * The account as /settings shows it: the user, the preferred strategy, and how many sign-ins of each kind the
 * server can still see — live session rows other than this browser's (the ones a password change ends), bearer
 * families that can still be renewed. JWTs are not counted: the server stores nothing about them. Null when the
 * account is gone.
 */
export async function accountOverview(viewer: Viewer) {
  const user = await findUser(viewer.userId);
  if (!user) return null;
  // This browser's own session (already read for this request: currentSession is cached) is not an "other" one.
  const own = viewer.strategy === "session" ? await currentSession() : null;
  const exceptId = own?.status === "signed-in" ? own.session.id : undefined;
  const [otherSessions, liveRefreshFamilies] = await Promise.all([
    liveSessionCount(user.id, { exceptId }),
    liveBearerCount(user.id),
  ]);
  return { user, preferred: fromDb(user.preferredStrategy), otherSessions, liveRefreshFamilies };
}
