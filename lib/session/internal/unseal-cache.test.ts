import { sealData } from "iron-session";
import { beforeEach, describe, expect, it } from "vitest";
import { env } from "@/lib/server/env";
import { sealPasswords } from "@/lib/session/internal/passwords";
import { sealSecret, unsealSecret } from "@/lib/session/internal/seal";
import { sealExpiresAt } from "@/lib/session/internal/seal-format";
import { newSecret } from "@/lib/session/internal/secret";
import {
  UNSEAL_CACHE_MAX_ENTRIES,
  cachedUnseal,
  clearUnsealCache,
  rememberUnseal,
  unsealCacheSize,
} from "@/lib/session/internal/unseal-cache";

beforeEach(() => clearUnsealCache());

describe("the unseal cache", () => {
  it("answers a seal it opened before with the same secret, without a second unseal", async () => {
    const secret = newSecret();
    const seal = await sealSecret(secret, 3600);
    expect(cachedUnseal(seal)).toBeUndefined();
    expect(await unsealSecret(seal)).toEqual({ ok: true, content: { secret } });
    expect(cachedUnseal(seal)).toBe(secret);
    expect(await unsealSecret(seal)).toEqual({ ok: true, content: { secret } });
    expect(unsealCacheSize()).toBe(1);
  });

  it("never stores what failed: forgeries, other passwords, bad content", async () => {
    const seal = await sealSecret(newSecret(), 3600);
    const flipped = seal.slice(0, -3) + (seal.at(-3) === "A" ? "B" : "A") + seal.slice(-2);
    const other = await sealData(
      { secret: newSecret() },
      { password: { 1: "another password of at least 32 characters" } },
    );
    const badContent = await sealData({ secret: "short" }, { password: { 1: env().SESSION_SECRET! } });
    for (const bad of [flipped, other, badContent, "Fe26.2**", "A".repeat(300)]) {
      expect((await unsealSecret(bad)).ok).toBe(false);
      expect((await unsealSecret(bad)).ok).toBe(false);
    }
    expect(unsealCacheSize()).toBe(0);
  });

  it("does not answer from the cache from the seal's own expiry on", async () => {
    const secret = newSecret();
    const seal = await sealSecret(secret, 60);
    expect((await unsealSecret(seal)).ok).toBe(true);
    const expiresAt = sealExpiresAt(seal)!;
    expect(cachedUnseal(seal, sealPasswords(), expiresAt - 1)).toBe(secret);
    expect(cachedUnseal(seal, sealPasswords(), expiresAt)).toBeUndefined();
    // …and the expired entry is gone, so a later clock cannot revive it.
    expect(cachedUnseal(seal, sealPasswords(), expiresAt - 1)).toBeUndefined();
  });

  it("refuses to store an already expired or expiry-less seal", () => {
    rememberUnseal("seal-a", newSecret(), Date.now() - 1);
    rememberUnseal("seal-b", newSecret(), null);
    expect(unsealCacheSize()).toBe(0);
  });

  it("stays bounded, dropping the least recently used entry", () => {
    const later = Date.now() + 3_600_000;
    rememberUnseal("first", "s-first", later);
    rememberUnseal("second", "s-second", later);
    expect(cachedUnseal("first")).toBe("s-first"); // now "second" is the least recently used
    for (let i = 0; i < UNSEAL_CACHE_MAX_ENTRIES; i++) rememberUnseal(`seal-${i}`, `s-${i}`, later);
    expect(unsealCacheSize()).toBe(UNSEAL_CACHE_MAX_ENTRIES);
    expect(cachedUnseal("second")).toBeUndefined();
  });
});
