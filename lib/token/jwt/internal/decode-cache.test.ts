import { randomUUID } from "node:crypto";
import { encode } from "next-auth/jwt";
import { beforeEach, describe, expect, it } from "vitest";
import { env } from "@/lib/server/env";
import { sessionCookieName } from "@/lib/token/jwt/internal/cookie";
import {
  DECODE_CACHE_MAX_ENTRIES,
  cachedDecode,
  clearDecodeCache,
  decodeCacheSize,
  rememberDecode,
} from "@/lib/token/jwt/internal/decode-cache";
import type { TokenClaims } from "@/lib/token/jwt/internal/claims";
import { jwtSecrets } from "@/lib/token/jwt/internal/secrets";
import { decodeSessionCookie } from "@/lib/token/jwt/read";

const NAME = sessionCookieName(false);
const nowS = () => Math.floor(Date.now() / 1000);

async function cookie(extra: Record<string, unknown> = {}, secret = env().AUTH_SECRET) {
  const token = {
    sub: randomUUID(),
    name: "Cache",
    email: "cache@example.com",
    auth_time: nowS(),
    token_version: 0,
    revocation: false,
    ...extra,
  };
  const value = await encode({ token, secret, salt: NAME, maxAge: 600 });
  return { name: NAME, value, chunks: [{ name: NAME, value }] };
}

beforeEach(() => clearDecodeCache());

describe("the next-auth decode cache", () => {
  it("answers a cookie it decrypted before with equal claims", async () => {
    const c = await cookie();
    expect(cachedDecode(c.name, c.value)).toBeUndefined();
    const first = await decodeSessionCookie(c);
    expect(first).not.toBeNull();
    expect(cachedDecode(c.name, c.value)).toEqual(first);
    expect(await decodeSessionCookie(c)).toEqual(first);
    expect(decodeCacheSize()).toBe(1);
  });

  it("hands out copies, so a caller cannot change what the next request sees", async () => {
    const c = await cookie();
    const first = (await decodeSessionCookie(c))!;
    first.sub = "changed";
    expect((await decodeSessionCookie(c))!.sub).not.toBe("changed");
  });

  it("never stores what failed: another key, another salt, a changed byte, claims of the wrong shape", async () => {
    const good = await cookie();
    const bad = [
      await cookie({}, "another secret that is at least thirty-two characters"),
      { ...good, name: "__Secure-authjs.session-token" },
      // A changed character inside the tag, not its last ones (base64url padding bits can hide a change there).
      { ...good, value: good.value.slice(0, -10) + (good.value.at(-10) === "A" ? "B" : "A") + good.value.slice(-9) },
      await cookie({ sub: "not-a-uuid" }),
    ];
    for (const c of bad) expect(await decodeSessionCookie(c)).toBeNull();
    expect(decodeCacheSize()).toBe(0);
  });

  it("does not answer from the cache from the token's exp on", async () => {
    const c = await cookie();
    const claims = (await decodeSessionCookie(c))!;
    expect(cachedDecode(c.name, c.value, jwtSecrets(), claims.exp * 1000 - 1)).toEqual(claims);
    expect(cachedDecode(c.name, c.value, jwtSecrets(), claims.exp * 1000)).toBeUndefined();
    expect(cachedDecode(c.name, c.value, jwtSecrets(), claims.exp * 1000 - 1)).toBeUndefined();
  });

  it("stays bounded", () => {
    const claims = { exp: nowS() + 600 } as TokenClaims;
    for (let i = 0; i <= DECODE_CACHE_MAX_ENTRIES; i++) rememberDecode(NAME, `v${i}`, claims);
    expect(decodeCacheSize()).toBe(DECODE_CACHE_MAX_ENTRIES);
    expect(cachedDecode(NAME, "v0")).toBeUndefined();
    expect(cachedDecode(NAME, `v${DECODE_CACHE_MAX_ENTRIES}`)).toBeDefined();
  });
});
