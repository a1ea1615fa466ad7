import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  lastStrategy,
  LAST_STRATEGY_COOKIE,
  other,
  parseStrategy,
  preferredStrategy,
  rememberStrategy,
  setPreferredStrategy,
  strategyForSignIn,
} from "@/lib/strategy/preference";
import { createUser } from "@/lib/accounts/users";

function jar(initial: Record<string, string> = {}) {
  const values = new Map(Object.entries(initial));
  const writes: Array<{ name: string; value: string; attributes: Record<string, unknown> }> = [];
  return {
    writes,
    get: (name: string) => (values.has(name) ? { value: values.get(name)! } : undefined),
    set: (name: string, value: string, attributes: Record<string, unknown>) => {
      writes.push({ name, value, attributes });
      values.set(name, value);
    },
  };
}

describe("which strategy a sign-in uses", () => {
  it("follows the browser first, then the account, then defaults to Session", () => {
    expect(strategyForSignIn("token", "session")).toBe("token");
    expect(strategyForSignIn(null, "token")).toBe("token");
    expect(strategyForSignIn(null, null)).toBe("session");
    expect(strategyForSignIn(null)).toBe("session");
  });

  it("reads only the two known values from the cookie; anything else is no history", () => {
    expect(lastStrategy(jar({ [LAST_STRATEGY_COOKIE]: "token" }))).toBe("token");
    for (const value of ["", "TOKEN", "bearer", "session;x", "A".repeat(5000)])
      expect(lastStrategy(jar({ [LAST_STRATEGY_COOKIE]: value }))).toBeNull();
    expect(parseStrategy(undefined)).toBeNull();
    expect(other("session")).toBe("token");
    expect(other("token")).toBe("session");
  });

  it("remembers with a year-long, Lax, path-wide cookie, Secure on https; a read-only jar is no crash", () => {
    const j = jar();
    expect(rememberStrategy(j, "token", true)).toBe(true);
    expect(j.writes[0]).toEqual({
      name: LAST_STRATEGY_COOKIE,
      value: "token",
      attributes: { path: "/", sameSite: "lax", secure: true, maxAge: 365 * 86_400 },
    });
    const readOnly = {
      get: () => undefined,
      set: () => {
        throw new Error("Cookies can only be modified in a Server Action or Route Handler.");
      },
    };
    expect(rememberStrategy(readOnly, "session", false)).toBe(false);
  });
});

describe("the account's preference", () => {
  it("defaults to Session and persists the toggle", async () => {
    const created = await createUser({
      email: `pref-${randomUUID()}@example.com`,
      name: "Pref",
      password: "a perfectly long passphrase",
    });
    if (!created.ok) throw new Error("user");
    expect(await preferredStrategy(created.user.id)).toBe("session");
    expect(await setPreferredStrategy(created.user.id, "token")).toBe(true);
    expect(await preferredStrategy(created.user.id)).toBe("token");
    expect(await setPreferredStrategy(randomUUID(), "token")).toBe(false);
    expect(await preferredStrategy(randomUUID())).toBeNull();
  });
});
