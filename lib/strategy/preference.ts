import "server-only";
import { prisma } from "@/lib/server/db";

/**
 * Which way of staying signed in to use. Two sources, in this order:
 * 1. the browser: the strategy last used on it (a plain, non-secret cookie, written at every sign-in and by the
 *    header whenever a signed-in page renders) — it is what `/login` and sign-up follow;
 * 2. the account: `User.preferredStrategy`, set by the toggle in /settings — used on a browser that has no
 *    history yet. Default: Session. docs/decisions/0040-labs-strategy-toggle-and-labs.md.
 */

export type Strategy = "session" | "token";

/** Not a credential: only "session" or "token". Readable by scripts so the header can refresh it. */
export const LAST_STRATEGY_COOKIE = "svt_last_strategy";
const ONE_YEAR = 365 * 86_400;

export const STRATEGY_LABEL: Record<Strategy, string> = { session: "Session", token: "Token" };
export const AREA_HOME: Record<Strategy, string> = { session: "/session", token: "/token" };
export const AREA_LOGIN: Record<Strategy, string> = { session: "/session/login", token: "/token/login" };

export function parseStrategy(value: unknown): Strategy | null {
  return value === "session" || value === "token" ? value : null;
}

export const other = (s: Strategy): Strategy => (s === "session" ? "token" : "session");

type Jar = {
  get(name: string): { value: string } | undefined;
  set(name: string, value: string, attributes: Record<string, unknown>): unknown;
};

export function lastStrategy(jar: Jar): Strategy | null {
  return parseStrategy(jar.get(LAST_STRATEGY_COOKIE)?.value);
}

/** Remembers the strategy on this browser. False while a server component renders (cannot set cookies). */
export function rememberStrategy(jar: Jar, strategy: Strategy, https: boolean): boolean {
  try {
    jar.set(LAST_STRATEGY_COOKIE, strategy, { path: "/", sameSite: "lax", secure: https, maxAge: ONE_YEAR });
    return true;
  } catch {
    return false;
  }
}

/** The strategy a fresh sign-in on this browser uses: its last strategy, else the account's, else Session. */
export function strategyForSignIn(browser: Strategy | null, account?: Strategy | null): Strategy {
  return browser ?? account ?? "session";
}

export const fromDb = (value: "SESSION" | "TOKEN"): Strategy => (value === "TOKEN" ? "token" : "session");
const toDb = (value: Strategy) => (value === "token" ? "TOKEN" : "SESSION");

export async function preferredStrategy(userId: string): Promise<Strategy | null> {
  const user = await (await prisma()).user.findUnique({ where: { id: userId }, select: { preferredStrategy: true } });
  return user ? fromDb(user.preferredStrategy) : null;
}

/** Persists the toggle; false when the account no longer exists. */
export async function setPreferredStrategy(userId: string, strategy: Strategy): Promise<boolean> {
  const result = await (
    await prisma()
  ).user.updateMany({
    where: { id: userId },
    data: { preferredStrategy: toDb(strategy) },
  });
  return result.count === 1;
}
