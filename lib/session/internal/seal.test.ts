import { sealData } from "iron-session";
import { describe, expect, it } from "vitest";
import { env } from "@/lib/server/env";
import { sealSecret, unsealSecret } from "@/lib/session/internal/seal";
import { parseSeal, sealExpiresAt } from "@/lib/session/internal/seal-format";
import { newSecret } from "@/lib/session/internal/secret";

describe("sealing the secret with iron-session", () => {
  it("round-trips exactly { secret } and nothing else", async () => {
    const secret = newSecret();
    const seal = await sealSecret(secret, 3600);
    expect(seal.startsWith("Fe26.2*1*")).toBe(true);
    expect(seal).not.toContain(secret);
    expect(await unsealSecret(seal)).toEqual({ ok: true, content: { secret } });
  });

  it("puts the cookie's expiry into the seal", async () => {
    const before = Date.now();
    const seal = await sealSecret(newSecret(), 600);
    const expiresAt = sealExpiresAt(seal)!;
    expect(expiresAt).toBeGreaterThanOrEqual(before + 600_000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 600_000);
  });

  it("refuses a seal whose own expiry has passed, even with a valid HMAC", async () => {
    const seal = await sealData({ secret: newSecret() }, { password: { 1: env().SESSION_SECRET! }, ttl: -120 });
    expect((await unsealSecret(seal)).ok).toBe(false);
  });

  it("refuses a seal made with another password", async () => {
    const seal = await sealData(
      { secret: newSecret() },
      { password: { 1: "another password of at least 32 characters" } },
    );
    expect((await unsealSecret(seal)).ok).toBe(false);
  });

  it("refuses content that is not a well-formed secret", async () => {
    const password = { 1: env().SESSION_SECRET! };
    for (const content of [{ secret: "short" }, { userId: "x" }, { secret: 42 }]) {
      expect((await unsealSecret(await sealData(content, { password }))).ok).toBe(false);
    }
  });

  // iron-session 8 returns {} for some bad seals and rethrows others; none of them may escape.
  const garbage: Array<[string, () => Promise<string>]> = [
    ["empty", async () => ""],
    ["Fe26.2**", async () => "Fe26.2**"],
    ["5000 × A", async () => "A".repeat(5000)],
    ["4000 × A", async () => "A".repeat(4000)],
    ["a wrong prefix", async () => (await sealSecret(newSecret(), 60)).replace("Fe26.2", "Fe26.1")],
    ["a non-numeric expiry", async () => swapPart(await sealSecret(newSecret(), 60), 5, "soon")],
    ["an unknown password id", async () => swapPart(await sealSecret(newSecret(), 60), 1, "9")],
    ["a flipped HMAC character", async () => flipLast(await sealSecret(newSecret(), 60))],
    ["a flipped ciphertext character", async () => swapPart(await sealSecret(newSecret(), 60), 4, "AAAA")],
    ["broken base64", async () => "Fe26.2*1*a*%%%*%%%**b*c~2"],
    ["eight empty parts", async () => "*******"],
    ["unicode", async () => "Fe26.2*1*ü*ü*ü*ü*ü*ü"],
    ["JSON", async () => '{"secret":"x"}'],
  ];
  for (const [label, make] of garbage) {
    it(`treats ${label} as no session, without throwing`, async () => {
      const result = await unsealSecret(await make());
      expect(result.ok).toBe(false);
    });
  }
});

describe("taking a seal apart for display", () => {
  it("labels the eight Fe26.2 parts and the iron-session version", async () => {
    const seal = await sealSecret(newSecret(), 600);
    const parsed = parseSeal(seal)!;
    expect(parsed.parts.map((p) => p.name)).toEqual([
      "prefix",
      "passwordId",
      "encryptionSalt",
      "iv",
      "ciphertext",
      "expiration",
      "hmacSalt",
      "hmac",
      "version",
    ]);
    const value = (name: string) => parsed.parts.find((p) => p.name === name)!.value;
    expect(value("prefix")).toBe("Fe26.2");
    expect(value("passwordId")).toBe("1");
    expect(value("encryptionSalt")).toMatch(/^[0-9a-f]{64}$/); // 256-bit salt, hex
    expect(value("hmacSalt")).toMatch(/^[0-9a-f]{64}$/);
    expect(value("iv")).toMatch(/^[A-Za-z0-9_-]{22}$/); // 128-bit IV, base64url
    expect(value("hmac")).toMatch(/^[A-Za-z0-9_-]{43}$/); // SHA-256, base64url
    expect(value("version")).toBe("2");
    expect(Number(value("expiration"))).toBe(parsed.expiresAt);
    // Joined back together, the parts are the seal.
    const body = parsed.parts
      .slice(0, 8)
      .map((p) => p.value)
      .join("*");
    expect(`${body}~${value("version")}`).toBe(seal);
  });

  it("returns null for anything that is not shaped like a seal", () => {
    for (const raw of ["", "Fe26.2**", "A".repeat(5000), "Fe26.1*1*a*b*c*d*e*f~2", "Fe26.2*1*a*b*c*d*e~2"]) {
      expect(parseSeal(raw)).toBeNull();
    }
  });

  it("reads no expiry from a seal without one", () => {
    expect(parseSeal("Fe26.2*1*a*b*c**e*f~2")!.expiresAt).toBeNull();
  });
});

function swapPart(seal: string, index: number, value: string): string {
  const [body, version] = seal.split("~");
  const parts = body!.split("*");
  parts[index] = value;
  return `${parts.join("*")}~${version}`;
}

function flipLast(seal: string): string {
  const [body, version] = seal.split("~");
  const last = body!.at(-1) === "A" ? "B" : "A";
  return `${body!.slice(0, -1)}${last}~${version}`;
}
