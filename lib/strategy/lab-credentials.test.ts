import { randomUUID } from "node:crypto";
import { decode } from "next-auth/jwt";
import { afterAll, describe, expect, it } from "vitest";
import { db, prisma } from "@/lib/server/db";
import { env } from "@/lib/server/env";
import { createLabIdentity } from "@/lib/accounts/lab-identities";
import { createUser } from "@/lib/accounts/users";
import {
  LAB_SHORT_LIFETIMES,
  labIdentityFor,
  mintLabCredentials,
  reissueLabJwt,
  rotateBearerFamily,
  startPasswordSession,
  endEverywhere,
  endLabEverywhere,
} from "@/lib/strategy/credential-policy";
import { pageSessionOf, type CurrentSignIn } from "@/lib/strategy/viewer";
import { readSession, resolveSession, type SessionContext } from "@/lib/session";
import { parseTokenClaims, withinLifetime } from "@/lib/token/jwt";

/**
 * The credential policy's lab section (SECURITY.md "Lab identities"): lab credentials are minted only for a lab
 * identity the signed-in viewer owns, and the short lifetimes of the expiry lab can reach nobody else — whatever a
 * caller passes. Database-backed; the viewers are real signed-in sessions.
 */

const PASSWORD = "a lab owner's long passphrase";
const JWT_NAME = "authjs.session-token";

function memory(): SessionContext {
  const values = new Map<string, string>();
  return {
    https: false,
    client: { ip: "198.51.100.40", userAgent: "vitest" },
    jar: {
      get: (name) => (values.has(name) ? { value: values.get(name)! } : undefined),
      set: (name, value, attributes) => {
        if (attributes.maxAge === 0 || value === "") values.delete(name);
        else values.set(name, value);
      },
    },
  };
}

async function account() {
  const created = await createUser({
    email: `labpolicy-${randomUUID()}@example.com`,
    name: "Owner",
    password: PASSWORD,
  });
  if (!created.ok) throw new Error("no account");
  return created.user;
}

/** A real signed-in viewer: a session made through the policy's password path, read back like a request would. */
async function viewerOf(user: { id: string }): Promise<CurrentSignIn> {
  const ctx = memory();
  await startPasswordSession(user, { via: "password" }, ctx);
  const session = (await readSession(ctx))!;
  return { strategy: "session", userId: user.id, session, ctx };
}

const mint = (viewer: CurrentSignIn, identityId: string, lifetimes: "standard" | "short") =>
  mintLabCredentials(viewer, identityId, {
    ctx: memory(),
    via: "test",
    jwtName: JWT_NAME,
    userAgent: "vitest",
    lifetimes,
  });

const claimsOf = async (jwt: string) =>
  parseTokenClaims(await decode({ token: jwt, secret: env().AUTH_SECRET, salt: JWT_NAME }))!;

const accessClaims = (token: string) =>
  JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()) as { exp: number; iat: number };

afterAll(async () => {
  await (await db()).sql(`DELETE FROM users WHERE lab_owner_id IS NOT NULL`);
});

describe("lab credentials", () => {
  it("are minted for a lab identity the viewer owns — short lifetimes included", async () => {
    const owner = await account();
    const viewer = await viewerOf(owner);
    const made = await createLabIdentity(owner.id, "test");
    if (!made.ok) throw new Error("no identity");
    const minted = (await mint(viewer, made.identity.id, "short"))!;
    expect(minted).not.toBeNull();
    const row = (await (await prisma()).session.findUnique({ where: { id: minted.session.id } }))!;
    expect(row.userId).toBe(made.identity.id);
    expect(row.idleSeconds).toBe(LAB_SHORT_LIFETIMES.sessionIdle);
    expect(row.absoluteExpiresAt.getTime() - row.createdAt.getTime()).toBeLessThanOrEqual(
      LAB_SHORT_LIFETIMES.sessionAbsolute * 1000,
    );
    const claims = await claimsOf(minted.jwt);
    expect(claims.sub).toBe(made.identity.id);
    expect(claims.lab_end! - claims.auth_time).toBeLessThanOrEqual(LAB_SHORT_LIFETIMES.jwt);
    expect(withinLifetime(claims, claims.lab_end! - 1)).toBe(true);
    expect(withinLifetime(claims, claims.lab_end!)).toBe(false);
    const access = accessClaims(minted.bearer.pair.accessToken);
    expect(access.exp - access.iat).toBe(LAB_SHORT_LIFETIMES.bearerAccess);

    // Standard lab credentials: the configured lifetimes, but never past the identity's end.
    const standard = (await mint(viewer, made.identity.id, "standard"))!;
    const std = await claimsOf(standard.jwt);
    expect(std.lab_end! * 1000).toBeLessThanOrEqual(made.identity.expiresAt.getTime());
    const stdRow = (await (await prisma()).session.findUnique({ where: { id: standard.session.id } }))!;
    expect(stdRow.idleSeconds).toBeNull();
    expect(stdRow.absoluteExpiresAt.getTime()).toBeLessThanOrEqual(made.identity.expiresAt.getTime());
  });

  it("are never minted for the viewer's own account, whatever identity id is passed", async () => {
    const owner = await account();
    const viewer = await viewerOf(owner);
    for (const lifetimes of ["short", "standard"] as const) {
      expect(await mint(viewer, owner.id, lifetimes), `own id, ${lifetimes}`).toBeNull();
      expect(await mint(viewer, randomUUID(), lifetimes), `unknown id, ${lifetimes}`).toBeNull();
      expect(await mint(viewer, "not-a-uuid", lifetimes), `garbage, ${lifetimes}`).toBeNull();
    }
    expect(await reissueLabJwt(viewer, owner.id, JWT_NAME)).toBeNull();
    expect(await endLabEverywhere(viewer, owner.id, { client: {} })).toBeNull();
    expect(await labIdentityFor(viewer, owner.id)).toBeNull();
    // Nothing was minted for the owner on the way: only the viewer's own session row exists.
    expect(await (await prisma()).session.count({ where: { userId: owner.id } })).toBe(1);
    expect(await (await prisma()).refreshToken.count({ where: { userId: owner.id } })).toBe(0);
  });

  it("are never minted for another owner's lab identity, nor from a lab identity's own sign-in", async () => {
    const [a, b] = [await account(), await account()];
    const made = await createLabIdentity(a.id, "test");
    if (!made.ok) throw new Error("no identity");
    expect(await mint(await viewerOf(b), made.identity.id, "short")).toBeNull();
    // A sign-in of the lab identity itself (were one ever to exist) owns nothing and may mint nothing.
    const asIdentity = await viewerOf({ id: made.identity.id });
    expect(await mint(asIdentity, made.identity.id, "short")).toBeNull();
  });

  it("the short lifetimes reach no real account's credential: the password paths mint the configured ones", async () => {
    const owner = await account();
    const ctx = memory();
    // Whatever extra a caller might smuggle in, the password path takes none of it.
    const created = await startPasswordSession(owner, { via: "password", idleSeconds: 1 } as never, ctx);
    const row = (await (await prisma()).session.findUnique({ where: { id: created.id } }))!;
    expect(row.idleSeconds).toBeNull();
    expect(row.idleExpiresAt.getTime() - row.createdAt.getTime()).toBe(env().SESSION_IDLE_TIMEOUT * 1000);
  });

  it("a lab identity's session is no page's: a page reads it as signed out, the API endpoints as signed in", async () => {
    const owner = await account();
    const viewer = await viewerOf(owner);
    const made = await createLabIdentity(owner.id, "test");
    if (!made.ok) throw new Error("no identity");
    const ctx = memory();
    await mintLabCredentials(viewer, made.identity.id, {
      ctx,
      via: "test",
      jwtName: JWT_NAME,
      userAgent: "vitest",
      lifetimes: "standard",
    });
    const lab = await resolveSession(ctx);
    expect(lab.status, "what /api/session/me reads").toBe("signed-in");
    expect(pageSessionOf(lab).status, "what a page reads").toBe("signed-out");
    const own = await resolveSession(viewer.ctx);
    expect(pageSessionOf(own)).toEqual(own);
  });

  it("a lab device's refresh family ends with its other credentials; a rotation never outlives it", async () => {
    const owner = await account();
    const viewer = await viewerOf(owner);
    const made = await createLabIdentity(owner.id, "test");
    if (!made.ok) throw new Error("no identity");
    const standard = (await mint(viewer, made.identity.id, "standard"))!;
    expect(
      Date.parse(standard.bearer.pair.refreshExpiresAt),
      "standard: no later than the identity",
    ).toBeLessThanOrEqual(made.identity.expiresAt.getTime());
    const short = (await mint(viewer, made.identity.id, "short"))!;
    const familyEnd = Date.parse(short.bearer.pair.refreshExpiresAt);
    expect(familyEnd, "short: the family ends with its 10 s access token").toBeLessThanOrEqual(short.ends.bearerAccess);
    // Refreshing it mints no access token that outlives the family (a 5-minute one would undo the 10 s).
    const rotated = await rotateBearerFamily(short.bearer.pair.refreshToken, { ip: "198.51.100.41", userAgent: null });
    if (rotated.ok) {
      expect(accessClaims(rotated.pair.accessToken).exp * 1000).toBeLessThanOrEqual(familyEnd);
      expect(Date.parse(rotated.pair.refreshExpiresAt)).toBeLessThanOrEqual(familyEnd);
    }
  });

  it("the owner's sign out everywhere (and so a password change) ends every credential of its lab identities", async () => {
    const owner = await account();
    const viewer = await viewerOf(owner);
    const made = await createLabIdentity(owner.id, "test");
    if (!made.ok) throw new Error("no identity");
    const ctx = memory();
    const minted = (await mintLabCredentials(viewer, made.identity.id, {
      ctx,
      via: "test",
      jwtName: JWT_NAME,
      userAgent: "vitest",
      lifetimes: "standard",
    }))!;
    expect(await readSession(ctx)).not.toBeNull();

    await endEverywhere(owner.id, { reason: "Signed out everywhere", client: {} });

    expect(await readSession(ctx), "the lab identity's session").toBeNull();
    const refreshed = await rotateBearerFamily(minted.bearer.pair.refreshToken, {
      ip: "198.51.100.42",
      userAgent: null,
    });
    expect(refreshed.ok, "the lab identity's refresh token").toBe(false);
    expect(await labIdentityFor(viewer, made.identity.id), "the lab identity itself").toBeNull();
  });
});
