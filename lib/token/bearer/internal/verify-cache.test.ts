import { randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { env } from "@/lib/server/env";
import { ACCESS_TOKEN_TYP, signAccessToken, verifyAccessToken } from "@/lib/token/bearer/internal/access-token";
import type { VerifiedAccessToken } from "@/lib/token/bearer/internal/claims";
import { keyRing, type KeyRing } from "@/lib/token/bearer/internal/keys";
import {
  VERIFY_CACHE_MAX_ENTRIES,
  cachedVerify,
  clearVerifyCache,
  rememberVerify,
  verifyCacheSize,
} from "@/lib/token/bearer/internal/verify-cache";
import { accessClaims } from "@/test/access-claims";
import { newKey, ringOf } from "@/test/keys";

const user = { id: randomUUID(), name: "Cache Bearer", email: "cache-bearer@example.com" };
const family = randomUUID();
const nowS = () => Math.floor(Date.now() / 1000);

/** A correctly signed access token with these claims (the ring's signing key, the pinned header). */
async function signed(overrides: Record<string, unknown>, ring?: KeyRing) {
  const { signing } = ring ?? (await keyRing());
  return new SignJWT(accessClaims(user, family, overrides))
    .setProtectedHeader({ alg: signing.alg, kid: signing.kid, typ: ACCESS_TOKEN_TYP })
    .sign(signing.privateKey);
}

beforeEach(() => clearVerifyCache());
afterEach(() => vi.useRealTimers());

describe("the bearer verify cache", () => {
  it("answers a token it verified before with an equal result", async () => {
    const { token } = await signAccessToken(user, family);
    const ring = await keyRing();
    expect(cachedVerify(token, ring)).toBeUndefined();
    const first = await verifyAccessToken(token);
    expect(first).not.toBeNull();
    expect(cachedVerify(token, ring)).toEqual(first);
    expect(await verifyAccessToken(token)).toEqual(first);
    expect(verifyCacheSize()).toBe(1);
  });

  it("hands out copies, so a caller cannot change what the next request sees", async () => {
    const { token } = await signAccessToken(user, family);
    const first = (await verifyAccessToken(token))!;
    first.claims.sub = "changed";
    first.header.alg = "none";
    const again = (await verifyAccessToken(token))!;
    expect([again.claims.sub, again.header.alg]).toEqual([user.id, "EdDSA"]);
  });

  it("never stores what failed: a changed byte, another key, an expired token", async () => {
    const { token } = await signAccessToken(user, family);
    // A changed byte inside the signature: the last characters of base64url carry padding bits, so changing them
    // can leave the decoded signature (and a valid token) unchanged.
    const at = token.length - 10;
    const bad = [
      token.slice(0, at) + (token[at] === "A" ? "B" : "A") + token.slice(at + 1),
      await signed({}, await ringOf(newKey())),
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
    const ring = await keyRing();
    expect(cachedVerify(token, ring, claims.exp * 1000 - 1)).toBeDefined();
    expect(cachedVerify(token, ring, claims.exp * 1000)).toBeUndefined();
    expect(cachedVerify(token, ring, claims.exp * 1000 - 1)).toBeUndefined(); // gone, not just skipped

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
    const ring = await keyRing();
    expect(cachedVerify(token, ring, (iat + ttl) * 1000 - 1)).toBeDefined();
    expect(cachedVerify(token, ring, (iat + ttl) * 1000)).toBeUndefined();
  });

  it("stays bounded", async () => {
    const ring = await keyRing();
    const header = { alg: ring.signing.alg, kid: ring.signing.kid };
    const entry = { header, claims: { exp: nowS() + 600, iat: nowS() } } as VerifiedAccessToken;
    for (let i = 0; i <= VERIFY_CACHE_MAX_ENTRIES; i++) rememberVerify(`t${i}`, entry, 600);
    expect(verifyCacheSize()).toBe(VERIFY_CACHE_MAX_ENTRIES);
    expect(cachedVerify("t0", ring)).toBeUndefined();
    expect(cachedVerify(`t${VERIFY_CACHE_MAX_ENTRIES}`, ring)).toBeDefined();
  });

  it("never answers a token whose key has left the ring, in this process, and forgets it", async () => {
    // Key A signs; B is published; then B signs and A retires; then A is removed. The process keeps running (as
    // `next dev` does when .env changes): the cached verification of A's token must not outlive A.
    const [a, b] = [newKey(), newKey()];
    const onlyA = await ringOf(a);
    const published = await ringOf(`next:${b}`, a);
    const rotated = await ringOf(b, a);
    const removed = await ringOf(b);
    const token = (await signAccessToken(user, family, { ring: onlyA })).token;
    expect(await verifyAccessToken(token, onlyA)).not.toBeNull();
    expect(cachedVerify(token, published)).toBeDefined();
    expect(cachedVerify(token, rotated)).toBeDefined();
    expect(await verifyAccessToken(token, removed)).toBeNull();
    expect(verifyCacheSize()).toBe(0);
    // Putting A back does not revive a cache entry: the token is verified afresh (and passes again).
    expect(cachedVerify(token, rotated)).toBeUndefined();
    expect(await verifyAccessToken(token, rotated)).not.toBeNull();
  });

  it("an entry is answered only under a key of the same algorithm as when it was verified", async () => {
    const token = await signed({});
    const verified = (await verifyAccessToken(token))!;
    const ring = await keyRing();
    const sameKidOtherAlg = { byKid: new Map([[verified.header.kid, { ...ring.signing, alg: "ES256" as const }]]) };
    expect(cachedVerify(token, sameKidOtherAlg)).toBeUndefined();
  });
});
