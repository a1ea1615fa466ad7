import { randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { env } from "@/lib/server/env";
import {
  ACCESS_TOKEN_TYP,
  BEARER_ALG,
  signAccessToken,
  verifyAccessToken,
} from "@/lib/token/bearer/internal/access-token";
import type { VerifiedAccessToken } from "@/lib/token/bearer/internal/claims";
import { bearerKey, deriveHs256Key } from "@/lib/token/bearer/internal/keys";
import {
  VERIFY_CACHE_MAX_ENTRIES,
  cachedVerify,
  clearVerifyCache,
  rememberVerify,
  verifyCacheSize,
} from "@/lib/token/bearer/internal/verify-cache";
import { accessClaims } from "@/test/access-claims";

const user = { id: randomUUID(), name: "Cache Bearer", email: "cache-bearer@example.com" };
const family = randomUUID();
const nowS = () => Math.floor(Date.now() / 1000);

/** A correctly signed access token with these claims (the real key, the pinned header). */
async function signed(overrides: Record<string, unknown>, key?: CryptoKey) {
  return new SignJWT(accessClaims(user, family, overrides))
    .setProtectedHeader({ alg: BEARER_ALG, typ: ACCESS_TOKEN_TYP })
    .sign(key ?? (await bearerKey()));
}

beforeEach(() => clearVerifyCache());
afterEach(() => vi.useRealTimers());

describe("the bearer verify cache", () => {
  it("answers a token it verified before with an equal result", async () => {
    const { token } = await signAccessToken(user, family);
    expect(cachedVerify(token)).toBeUndefined();
    const first = await verifyAccessToken(token);
    expect(first).not.toBeNull();
    expect(cachedVerify(token)).toEqual(first);
    expect(await verifyAccessToken(token)).toEqual(first);
    expect(verifyCacheSize()).toBe(1);
  });

  it("hands out copies, so a caller cannot change what the next request sees", async () => {
    const { token } = await signAccessToken(user, family);
    const first = (await verifyAccessToken(token))!;
    first.claims.sub = "changed";
    first.header.alg = "none";
    const again = (await verifyAccessToken(token))!;
    expect([again.claims.sub, again.header.alg]).toEqual([user.id, "HS256"]);
  });

  it("never stores what failed: a changed byte, another key, an expired token", async () => {
    const { token } = await signAccessToken(user, family);
    // A changed byte inside the signature: the last characters of base64url carry padding bits, so changing them
    // can leave the decoded signature (and a valid token) unchanged.
    const at = token.length - 10;
    const bad = [
      token.slice(0, at) + (token[at] === "A" ? "B" : "A") + token.slice(at + 1),
      await signed({}, await deriveHs256Key("another secret that is at least thirty-two characters")),
      await signed({ iat: nowS() - 120, exp: nowS() - 60 }),
    ];
    for (const t of bad) {
      expect(await verifyAccessToken(t)).toBeNull();
      expect(await verifyAccessToken(t)).toBeNull();
    }
    expect(verifyCacheSize()).toBe(0);
  });

  it("stops answering at exp, and a token verified earlier is then rejected", async () => {
    const token = await signed({ exp: nowS() + 30 });
    const { claims } = (await verifyAccessToken(token))!;
    expect(cachedVerify(token, claims.exp * 1000 - 1)).toBeDefined();
    expect(cachedVerify(token, claims.exp * 1000)).toBeUndefined();
    expect(cachedVerify(token, claims.exp * 1000 - 1)).toBeUndefined(); // gone, not just skipped

    await verifyAccessToken(token); // cached again…
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime((claims.exp + 60) * 1000); // …and a minute past exp (beyond the clock tolerance)
    expect(await verifyAccessToken(token)).toBeNull();
  });

  it("stops answering at iat + the access lifetime when that comes before exp", async () => {
    const ttl = env().BEARER_ACCESS_TTL;
    const iat = nowS();
    const token = await signed({ iat, exp: iat + ttl * 10 });
    expect(await verifyAccessToken(token)).not.toBeNull();
    expect(cachedVerify(token, (iat + ttl) * 1000 - 1)).toBeDefined();
    expect(cachedVerify(token, (iat + ttl) * 1000)).toBeUndefined();
  });

  it("stays bounded", () => {
    const entry = { header: { alg: "HS256" }, claims: { exp: nowS() + 600, iat: nowS() } } as VerifiedAccessToken;
    for (let i = 0; i <= VERIFY_CACHE_MAX_ENTRIES; i++) rememberVerify(`t${i}`, entry, 600);
    expect(verifyCacheSize()).toBe(VERIFY_CACHE_MAX_ENTRIES);
    expect(cachedVerify("t0")).toBeUndefined();
    expect(cachedVerify(`t${VERIFY_CACHE_MAX_ENTRIES}`)).toBeDefined();
  });
});
