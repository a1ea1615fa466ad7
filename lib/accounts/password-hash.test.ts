import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "@/lib/accounts/password-hash";

describe("password hashing", () => {
  it("hashes with argon2id at OWASP parameters and verifies", async () => {
    const hashed = await hashPassword("a long passphrase");
    expect(hashed).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(hashed, "a long passphrase")).toBe(true);
    expect(await verifyPassword(hashed, "another passphrase")).toBe(false);
  });

  it("treats a malformed stored hash as a failed verification", async () => {
    expect(await verifyPassword("not a hash", "whatever")).toBe(false);
  });

  it("completes every one of a burst of concurrent hashes (the concurrency limit queues, never drops)", async () => {
    const passwords = Array.from({ length: 12 }, (_, i) => `burst passphrase ${i}`);
    const hashes = await Promise.all(passwords.map((p) => hashPassword(p)));
    const checks = await Promise.all(hashes.map((h, i) => verifyPassword(h, passwords[i]!)));
    expect(checks.every(Boolean)).toBe(true);
    expect(new Set(hashes).size).toBe(12);
  });
});
