import { randomUUID } from "node:crypto";
import { calculateJwkThumbprint, createLocalJWKSet, jwtVerify } from "jose";
import { describe, expect, it } from "vitest";
import { env } from "@/lib/server/env";
import { signAccessToken, verifyAccessToken } from "@/lib/token/bearer/internal/access-token";
import { bearerJwks, jwksOf, keyRing } from "@/lib/token/bearer/internal/keys";
import { kidOf, newKey, ringOf } from "@/test/keys";

const user = { id: randomUUID(), name: "Kay Ring", email: "kay@example.com" };
const family = randomUUID();
const PUBLIC_MEMBERS = {
  OKP: ["alg", "crv", "kid", "kty", "use", "x"],
  EC: ["alg", "crv", "kid", "kty", "use", "x", "y"],
};

describe("the key ring", () => {
  it("signs with a private key that cannot be exported and can only sign", async () => {
    const { signing } = await keyRing();
    expect(signing.privateKey.type).toBe("private");
    expect(signing.privateKey.extractable).toBe(false);
    expect(signing.privateKey.usages).toEqual(["sign"]);
    expect(signing.publicKey.usages).toEqual(["verify"]);
    expect(await keyRing()).toBe(await keyRing()); // imported once
  });

  it("publishes only public keys: the public members, kid, alg and use — never d, never a symmetric key", async () => {
    const ring = await ringOf(`next:${newKey("ES256")}`, newKey(), newKey());
    const { keys } = jwksOf(ring);
    expect(keys.map((k) => k.kid)).toEqual(ring.keys.map((k) => k.kid)); // newest first
    for (const jwk of keys) {
      expect(Object.keys(jwk).sort()).toEqual(PUBLIC_MEMBERS[jwk.kty]);
      expect(jwk.kty).not.toBe("oct");
      expect(jwk).not.toHaveProperty("d");
      expect(jwk.use).toBe("sig");
      expect(jwk.kid).toBe(await calculateJwkThumbprint(jwk, "sha256"));
    }
    expect(keys.map((k) => k.alg)).toEqual(["ES256", "EdDSA", "EdDSA"]);
  });

  it("publishes this process's ring", async () => {
    const { keys } = await bearerJwks();
    expect(keys.map((k) => k.kid)).toEqual(env().bearerKeys.map((k) => k.kid));
  });

  it("lets anyone verify a token with the published set alone", async () => {
    const ring = await ringOf(newKey());
    const { token } = await signAccessToken(user, family, { ring: ring });
    const { payload, protectedHeader } = await jwtVerify(token, createLocalJWKSet(jwksOf(ring)), {
      algorithms: ["EdDSA", "ES256"],
    });
    expect(payload.sub).toBe(user.id);
    expect(protectedHeader.kid).toBe(ring.signing.kid);
  });
});

describe("rotating the bearer key (publish, sign, retire)", () => {
  it("tokens of the old key verify until it is removed, and fail after; nothing else changes", async () => {
    const [a, b] = [newKey(), newKey("ES256")];
    const before = await ringOf(a);
    const published = await ringOf(`next:${b}`, a);
    const rotated = await ringOf(b, a);
    const retired = await ringOf(b);

    const tokenA = (await signAccessToken(user, family, { ring: before })).token;
    // Step 1, publish: B is in the key set, A still signs, A's tokens verify.
    expect(jwksOf(published).keys.map((k) => k.kid)).toEqual([kidOf(b), kidOf(a)]);
    expect(published.signing.kid).toBe(kidOf(a));
    expect(await verifyAccessToken(tokenA, published)).not.toBeNull();
    const stillA = (await signAccessToken(user, family, { ring: published })).token;
    expect((await verifyAccessToken(stillA, published))?.header.kid).toBe(kidOf(a));

    // Step 2, sign: B signs, A's tokens still verify (so a rolling deploy signs nobody out).
    const tokenB = (await signAccessToken(user, family, { ring: rotated })).token;
    expect((await verifyAccessToken(tokenB, rotated))?.header).toMatchObject({ alg: "ES256", kid: kidOf(b) });
    expect(await verifyAccessToken(tokenA, rotated)).not.toBeNull();
    expect(await verifyAccessToken(stillA, rotated)).not.toBeNull();
    // …and an instance still on step 1 verifies B's tokens (it publishes and verifies B already).
    expect(await verifyAccessToken(tokenB, published)).not.toBeNull();

    // Step 3, retire: removing A ends exactly A's tokens.
    expect(await verifyAccessToken(tokenA, retired)).toBeNull();
    expect(await verifyAccessToken(stillA, retired)).toBeNull();
    expect(await verifyAccessToken(tokenB, retired)).not.toBeNull();
    expect(jwksOf(retired).keys.map((k) => k.kid)).toEqual([kidOf(b)]);
  });

  it("a token signed before its key was published anywhere is not accepted by a ring that lacks it", async () => {
    const [a, b] = [newKey(), newKey()];
    const tokenB = (await signAccessToken(user, family, { ring: await ringOf(b) })).token;
    expect(await verifyAccessToken(tokenB, await ringOf(a))).toBeNull();
  });
});
