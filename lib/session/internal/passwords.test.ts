import { sealData } from "iron-session";
import { beforeEach, describe, expect, it } from "vitest";
import { parseSessionPasswords } from "@/lib/server/key-config";
import { sealPasswords, sealPasswordsOf } from "@/lib/session/internal/passwords";
import { sealSecret, unsealSecret } from "@/lib/session/internal/seal";
import { parseSeal } from "@/lib/session/internal/seal-format";
import { newSecret } from "@/lib/session/internal/secret";
import {
  cachedUnseal,
  clearUnsealCache,
  rememberReissue,
  reissuedSeal,
  unsealCacheSize,
} from "@/lib/session/internal/unseal-cache";

/**
 * Rotating the session password (docs/key-rotation.md): SESSION_SECRET is iron-session password 1, SESSION_SECRET_2
 * password 2. New seals use the newest id; older seals open until their id is removed; today's configuration is
 * password 1 exactly, so an upgrade keeps every seal.
 */

const one = "1".repeat(40);
const two = "2".repeat(40);
const passwords = (source: Record<string, string>) => sealPasswordsOf(parseSessionPasswords(source));
const before = passwords({ SESSION_SECRET: one });
const rotated = passwords({ SESSION_SECRET: one, SESSION_SECRET_2: two });
const retired = passwords({ SESSION_SECRET_2: two });
const idOf = (seal: string) => parseSeal(seal)!.parts.find((p) => p.name === "passwordId")!.value;

/** A seal exactly as the code before key rings made it (lib/session/internal/seal.ts at 0a19f56). */
const oldCodeSeal = (secret: string, sessionSecret: string) =>
  sealData({ secret }, { password: { 1: sessionSecret }, ttl: 3600 });

beforeEach(() => clearUnsealCache());

describe("rotating the session password", () => {
  it("upgrading keeps every seal: one made by the old code opens under the unchanged SESSION_SECRET", async () => {
    const secret = newSecret();
    const seal = await oldCodeSeal(secret, one);
    expect(idOf(seal)).toBe("1");
    expect(await unsealSecret(seal, before)).toEqual({ ok: true, content: { secret } });
    // …and the new code, before any rotation, seals exactly as the old did: under id 1.
    expect(idOf(await sealSecret(newSecret(), 60, before))).toBe("1");
  });

  it("adding SESSION_SECRET_2 seals under id 2, and the id-1 seals still open (nobody is signed out)", async () => {
    const oldSecret = newSecret();
    const old = await oldCodeSeal(oldSecret, one);
    const fresh = await sealSecret(newSecret(), 60, rotated);
    expect(idOf(fresh)).toBe("2");
    expect(await unsealSecret(old, rotated)).toEqual({ ok: true, content: { secret: oldSecret } });
    expect((await unsealSecret(fresh, rotated)).ok).toBe(true);
    // The id-2 seal really is under the new password: the old list alone cannot open it.
    expect((await unsealSecret(fresh, before)).ok).toBe(false);
  });

  it("removing SESSION_SECRET ends exactly the id-1 seals", async () => {
    const old = await oldCodeSeal(newSecret(), one);
    const freshSecret = newSecret();
    const fresh = await sealSecret(freshSecret, 60, rotated);
    expect((await unsealSecret(old, retired)).ok).toBe(false);
    expect(await unsealSecret(fresh, retired)).toEqual({ ok: true, content: { secret: freshSecret } });
  });

  it("a seal opened and cached under a password is not answered from the cache once that password is gone", async () => {
    const old = await oldCodeSeal(newSecret(), one);
    expect((await unsealSecret(old, rotated)).ok).toBe(true);
    expect(cachedUnseal(old, rotated)).toBeDefined();
    expect(cachedUnseal(old, retired)).toBeUndefined();
    expect((await unsealSecret(old, retired)).ok).toBe(false);
    // A re-issued seal made under one list is not handed out under another either.
    rememberReissue("row", Date.now() + 60_000, old, rotated);
    expect(reissuedSeal("row", Date.now() + 60_000, rotated)).toBe(old);
    expect(reissuedSeal("row", Date.now() + 60_000, retired)).toBeUndefined();
    expect(unsealCacheSize()).toBe(1);
  });

  it("a seal naming a password id that is an object member (constructor, __proto__, toString) opens nothing", async () => {
    const fresh = await sealSecret(newSecret(), 60, rotated);
    for (const id of ["constructor", "__proto__", "toString", "hasOwnProperty", "", "default"]) {
      const forged = fresh.replace(/^Fe26\.2\*2\*/, `Fe26.2*${id}*`);
      expect((await unsealSecret(forged, rotated)).ok, id).toBe(false);
    }
  });

  it("this process's passwords come from the environment, newest first", () => {
    const ring = sealPasswords();
    expect(ring.sealingId).toBe(ring.ids[0]);
    expect(Object.getPrototypeOf(ring.map)).toBeNull();
  });
});
