import "server-only";
import { recentEvents } from "@/lib/accounts/audit-log";
import { countLiveRefreshTokens, listRefreshTokens } from "@/lib/token/bearer/internal/refresh-store";

/**
 * What the server stores about a user's bearer sign-ins, for "what the server stores" on /token/bearer: the
 * newest refresh-token rows exactly as stored (hash prefixes, used and revoked times) and the bearer lifecycle log.
 */
export async function describeBearer(userId: string, familyId: string) {
  const [tokens, events] = await Promise.all([listRefreshTokens(userId), recentEvents(userId, "bearer", 8)]);
  return {
    familyId,
    tokens,
    events: events.map(({ id, type, detail, createdAt }) => ({ id, type, detail, createdAt })),
  };
}

export type BearerDescription = Awaited<ReturnType<typeof describeBearer>>;

/** How many bearer sign-ins (refresh families) of the account can still be renewed. */
export function liveBearerCount(userId: string): Promise<number> {
  return countLiveRefreshTokens(userId);
}
