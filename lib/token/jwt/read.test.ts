import { randomUUID } from "node:crypto";
import { encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/server/db";
import { withQueryCount } from "@/lib/server/query-count";
import { env } from "@/lib/server/env";
import { signAccessToken } from "@/lib/token/bearer/internal/access-token";
import { AUTHJS_CHUNK_SIZE, sessionCookieName, type CookiePair } from "@/lib/token/jwt/internal/cookie";
import { describeJwt } from "@/lib/token/jwt/describe";
import { readTokenCookies } from "@/lib/token/jwt/read";
import { revokeJwt, revokeAllJwts, setRevocationMode } from "@/lib/token/jwt/revoke";
import { createUser } from "@/lib/accounts/users";

const NAME = sessionCookieName(false);
const now = () => Math.floor(Date.now() / 1000);

async function account() {
  const created = await createUser({
    email: `read-${randomUUID()}@example.com`,
    name: "Reader",
    password: "read passphrase 1",
  });
  if (!created.ok) throw new Error("could not create the test user");
  return created.user;
}

type Claims = Record<string, unknown>;

function claimsFor(user: { id: string; name: string; email: string; tokenVersion: number }, extra: Claims = {}) {
  return {
    sub: user.id,
    name: user.name,
    email: user.email,
    auth_time: now(),
    token_version: user.tokenVersion,
    revocation: false,
    ...extra,
  };
}

/** A cookie exactly as Auth.js would set it: next-auth's own encode, salted with the cookie name. */
async function cookie(token: Claims, options: { name?: string; secret?: string; maxAge?: number } = {}) {
  const name = options.name ?? NAME;
  const value = await encode({
    token,
    secret: options.secret ?? env().AUTH_SECRET,
    salt: name,
    maxAge: options.maxAge ?? env().TOKEN_MAX_AGE,
  });
  return { name, value };
}

const read = (cookies: CookiePair[], secure = false) => readTokenCookies(cookies, secure);

describe("reading a next-auth JWT session", () => {
  it("decrypts a valid cookie without touching the database in the default mode", async () => {
    const user = await account();
    const jar = [{ name: "other", value: "x" }, await cookie(claimsFor(user))];
    const { result: session, queries } = await withQueryCount(() => read(jar));
    expect(queries).toBe(0);
    expect(session?.claims).toMatchObject({ sub: user.id, name: user.name, email: user.email, revocation: false });
    expect(session?.claims.jti).toMatch(/[0-9a-f-]{36}/);
    expect(session?.check).toEqual({ ok: true, dbReads: 0, account: null });
  });

  it("describes the cookie: JWE header, five parts, claims, size and 0 rows on the server", async () => {
    const user = await account();
    const session = await read([await cookie(claimsFor(user))]);
    const d = describeJwt(session!);
    expect(d.jwe.header).toMatchObject({ alg: "dir", enc: "A256CBC-HS512" });
    expect(typeof d.jwe.header.kid).toBe("string");
    expect(d.jwe.parts).toHaveLength(5);
    expect(d.jwe.parts[1]!.length).toBe(0);
    expect(d.chunkCount).toBe(1);
    expect(d.cookies[0]!.name).toBe("authjs.session-token");
    expect(d.totalBytes).toBe(Buffer.byteLength(`${NAME}=${session!.cookie.value}`));
    expect(d.server).toMatchObject({ rows: 0, dbReadsPerRequest: 0, revocation: false });
    expect(d.attributes).toMatchObject({ HttpOnly: true, SameSite: "Lax", Secure: false, Path: "/" });
    expect(d.claims.map((c) => c.name)).toEqual([
      "sub",
      "name",
      "email",
      "iat",
      "exp",
      "jti",
      "auth_time",
      "token_version",
      "revocation",
    ]);
  });

  it("reassembles a chunked cookie (.0, .1, …) and refuses one with a missing chunk", async () => {
    const user = await account();
    const whole = await cookie(claimsFor(user, { padding: "p".repeat(6000) }));
    expect(whole.value.length).toBeGreaterThan(AUTHJS_CHUNK_SIZE);
    const chunks = [];
    for (let i = 0; i * AUTHJS_CHUNK_SIZE < whole.value.length; i++) {
      chunks.push({
        name: `${NAME}.${i}`,
        value: whole.value.slice(i * AUTHJS_CHUNK_SIZE, (i + 1) * AUTHJS_CHUNK_SIZE),
      });
    }
    expect(chunks.length).toBeGreaterThanOrEqual(2);
    const session = await read([...chunks].reverse());
    expect(session?.claims.sub).toBe(user.id);
    expect(describeJwt(session!).chunkCount).toBe(chunks.length);
    expect(await read(chunks.slice(1))).toBeNull();
  });

  it("treats anything forged, altered, expired or misnamed as signed out — never an error", async () => {
    const user = await account();
    const good = await cookie(claimsFor(user));
    const flip = (s: string, at: number) => `${s.slice(0, at)}${s[at] === "A" ? "B" : "A"}${s.slice(at + 1)}`;
    const parts = good.value.split(".");
    const bad: Array<[string, CookiePair[], boolean?]> = [
      ["no cookie", []],
      ["an empty value", [{ name: NAME, value: "" }]],
      ["garbage", [{ name: NAME, value: "garbage" }]],
      [
        "a changed ciphertext byte",
        [{ name: NAME, value: [...parts.slice(0, 3), flip(parts[3]!, 5), parts[4]].join(".") }],
      ],
      ["a changed tag", [{ name: NAME, value: [...parts.slice(0, 4), flip(parts[4]!, 3)].join(".") }]],
      ["another secret", [await cookie(claimsFor(user), { secret: "x".repeat(40) })]],
      // The cookie name is the key's salt: a value moved to another name does not decrypt.
      ["a value moved to the __Secure- name", [{ name: sessionCookieName(true), value: good.value }], true],
      ["the right value read as https", [good], true],
      ["an expired token", [await cookie(claimsFor(user), { maxAge: -60 })]],
      ["a bearer access token", [{ name: NAME, value: (await signAccessToken(user, randomUUID())).token }]],
      ["claims without auth_time", [await cookie(claimsFor(user, { auth_time: undefined }))]],
      ["claims with a non-uuid sub", [await cookie(claimsFor(user, { sub: "admin" }))]],
      ["a cookie over 16 KB", [{ name: NAME, value: "a".repeat(17_000) }]],
    ];
    for (const [label, cookies, secure] of bad) {
      expect(await read(cookies, secure ?? false), label).toBeNull();
    }
  });

  it("enforces the absolute lifetime from auth_time, however recently the token was re-encoded", async () => {
    const user = await account();
    const lifetime = env().TOKEN_ABSOLUTE_LIFETIME;
    expect(await read([await cookie(claimsFor(user, { auth_time: now() - lifetime + 60 }))])).not.toBeNull();
    expect(await read([await cookie(claimsFor(user, { auth_time: now() - lifetime - 1 }))])).toBeNull();
    expect(await read([await cookie(claimsFor(user, { auth_time: now() + 3600 }))])).toBeNull();
  });

  it("default mode: revoking and signing out change nothing for a copied cookie (the lab's point)", async () => {
    const user = await account();
    const copy = await cookie(claimsFor(user));
    const session = await read([copy]);
    await revokeJwt(session!.claims);
    await revokeAllJwts(user.id);
    expect((await read([copy]))?.check.dbReads).toBe(0);
    await (await prisma()).user.delete({ where: { id: user.id } });
    expect(await read([copy]), "a deleted account's token is still accepted").not.toBeNull();
  });

  it("revocation mode: one database read per request; sign-out or revokeAllJwts ends every copy at once", async () => {
    const user = await account();
    const mode = await setRevocationMode(user.id, true);
    expect(mode).toEqual({ enabled: true, tokenVersion: user.tokenVersion });
    const copy = await cookie(claimsFor(user, { revocation: true }));
    const otherDevice = await cookie(claimsFor(user, { revocation: true }));
    const { result: session, queries } = await withQueryCount(() => read([copy]));
    expect(queries).toBe(1);
    expect(session?.check).toEqual({
      ok: true,
      dbReads: 1,
      account: { tokenVersion: user.tokenVersion, revocation: true },
    });
    expect(describeJwt(session!).server).toMatchObject({
      dbReadsPerRequest: 1,
      revocation: true,
      tokenVersion: user.tokenVersion,
      accountTokenVersion: user.tokenVersion,
    });
    await revokeJwt(session!.claims);
    expect(await read([copy])).toBeNull();
    expect(await read([otherDevice])).toBeNull();
    // A double sign-out does not bump twice.
    await revokeJwt(session!.claims);
    const after = await (await prisma()).user.findUniqueOrThrow({ where: { id: user.id } });
    expect(after.tokenVersion).toBe(user.tokenVersion + 1);
    // A token issued with the new version works until revokeAllJwts bumps again.
    const fresh = await cookie(claimsFor(after, { revocation: true }));
    expect(await read([fresh])).not.toBeNull();
    await revokeAllJwts(user.id);
    expect(await read([fresh])).toBeNull();
  });

  it("revocation mode: a deleted account's token stops working", async () => {
    const user = await account();
    await setRevocationMode(user.id, true);
    const copy = await cookie(claimsFor(user, { revocation: true }));
    expect(await read([copy])).not.toBeNull();
    await (await prisma()).user.delete({ where: { id: user.id } });
    expect(await read([copy])).toBeNull();
  });

  it("logs sign-outs and mode changes in the lifecycle log", async () => {
    const user = await account();
    await setRevocationMode(user.id, true);
    await setRevocationMode(user.id, false);
    const session = await read([await cookie(claimsFor(user))]);
    await revokeJwt(session!.claims, { ip: "203.0.113.9", userAgent: "vitest" });
    const events = await (
      await prisma()
    ).authEvent.findMany({
      where: { userId: user.id, area: "token" },
      orderBy: { createdAt: "asc" },
    });
    expect(events.map((e) => e.type)).toEqual(["revocation-mode-on", "revocation-mode-off", "sign-out"]);
    expect(events[2]).toMatchObject({ ip: "203.0.113.9", userAgent: "vitest" });
  });
});
