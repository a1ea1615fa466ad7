import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hashSecret, idPrefix, isWellFormedSecret, newSecret } from "@/lib/session/internal/secret";

describe("session secret", () => {
  it("is 256 random bits in base64url", () => {
    const secret = newSecret();
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(secret, "base64url")).toHaveLength(32);
    expect(new Set(Array.from({ length: 200 }, newSecret)).size).toBe(200);
  });

  it("is stored as its SHA-256 in hex, which is not the secret and is stable", () => {
    const secret = newSecret();
    const id = hashSecret(secret);
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    expect(id).toBe(createHash("sha256").update(secret).digest("hex"));
    expect(hashSecret(secret)).toBe(id);
    expect(id).not.toContain(secret);
    expect(hashSecret(newSecret())).not.toBe(id);
  });

  it("matches the SHA-256 test vector", () => {
    expect(hashSecret("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  it("accepts only well-formed secrets", () => {
    expect(isWellFormedSecret(newSecret())).toBe(true);
    for (const bad of [undefined, null, 42, "", "short", "x".repeat(43) + "=", "a".repeat(44), "+".repeat(43)]) {
      expect(isWellFormedSecret(bad)).toBe(false);
    }
  });

  it("shows only a 12-character prefix of the id", () => {
    expect(idPrefix("0123456789abcdef".repeat(4))).toBe("0123456789ab");
  });
});
