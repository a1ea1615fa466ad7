import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { withQueryCount } from "@/lib/server/query-count";
import { encodeJwt } from "@/lib/token/jwt/internal/encode";
import { sessionCookieName } from "@/lib/token/jwt/internal/cookie";
import { readTokenCookies } from "@/lib/token/jwt/read";
import { revokeAllJwts } from "@/lib/token/jwt/revoke";
import { createUser } from "@/lib/accounts/users";

async function account() {
  const created = await createUser({
    email: `jwt-${randomUUID()}@example.com`,
    name: "Jay Double",
    password: "a perfectly long passphrase",
  });
  if (!created.ok) throw new Error("user");
  return created.user;
}

describe("a JWT minted for a proven user (switch now, /login, sign-up)", () => {
  it("is accepted by the token area's own reader exactly like an Auth.js one", async () => {
    const user = await account();
    const name = sessionCookieName(false);
    const value = await encodeJwt({ ...user, jwtRevocation: false }, name, { authTime: 1_700_000_000 + 0 });
    // An auth_time far in the past is over the absolute lifetime: refused.
    expect(await readTokenCookies([{ name, value }], false)).toBeNull();

    const fresh = await encodeJwt({ ...user, jwtRevocation: false }, name);
    const { result: session, queries } = await withQueryCount(() => readTokenCookies([{ name, value: fresh }], false));
    expect(queries).toBe(0);
    expect(session?.claims).toMatchObject({
      sub: user.id,
      name: "Jay Double",
      email: user.email,
      token_version: 0,
      revocation: false,
    });
    expect(session!.claims.exp - session!.claims.iat).toBeGreaterThan(0);
  });

  it("keeps the given sign-in time, and in revocation mode dies with the token version", async () => {
    const user = await account();
    const name = sessionCookieName(true);
    const authTime = Math.floor(Date.now() / 1000) - 3600;
    const value = await encodeJwt({ ...user, jwtRevocation: true }, name, { authTime });
    const session = await readTokenCookies([{ name, value }], true);
    expect(session?.claims.auth_time).toBe(authTime);
    expect(session?.check.dbReads).toBe(1);
    // Salted with the cookie name: under the other name it does not decrypt.
    expect(await readTokenCookies([{ name: sessionCookieName(false), value }], false)).toBeNull();
    await revokeAllJwts(user.id);
    expect(await readTokenCookies([{ name, value }], true)).toBeNull();
  });
});
