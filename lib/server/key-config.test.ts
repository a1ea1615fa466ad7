import { execFileSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { calculateJwkThumbprint } from "jose";
import { describe, expect, it } from "vitest";
import { ConfigError } from "@/lib/server/config-error";
import {
  MAX_BEARER_KEYS,
  newBearerSigningKey,
  parseAuthSecrets,
  parseBearerKeys,
  parseSessionPasswords,
} from "@/lib/server/key-config";

const s = (c: string) => c.repeat(40);

describe("session passwords (iron-session's numbered passwords)", () => {
  it("reads today's single SESSION_SECRET as password 1, exactly", () => {
    expect(parseSessionPasswords({ SESSION_SECRET: s("a") })).toEqual([
      { id: 1, name: "SESSION_SECRET", secret: s("a") },
    ]);
  });
  it("reads SESSION_SECRET_<n> as password n, highest (the one that seals) first", () => {
    const passwords = parseSessionPasswords({
      SESSION_SECRET: s("a"),
      SESSION_SECRET_3: s("c"),
      SESSION_SECRET_2: s("b"),
    });
    expect(passwords.map((p) => [p.id, p.name])).toEqual([
      [3, "SESSION_SECRET_3"],
      [2, "SESSION_SECRET_2"],
      [1, "SESSION_SECRET"],
    ]);
  });
  it("lets password 1 go once a newer one exists", () => {
    expect(parseSessionPasswords({ SESSION_SECRET_2: s("b") }).map((p) => p.id)).toEqual([2]);
  });
  it.each([
    [{}, /^SESSION_SECRET is not set: set it to a random string of at least 32 characters/],
    [{ SESSION_SECRET: "short" }, /^SESSION_SECRET is too short/],
    [{ SESSION_SECRET: s("a"), SESSION_SECRET_2: "short" }, /^SESSION_SECRET_2 is too short/],
    [{ SESSION_SECRET_1: s("a") }, /^SESSION_SECRET_1 is not a session password name: SESSION_SECRET is password 1/],
    [{ SESSION_SECRET: s("a"), SESSION_SECRET_02: s("b") }, /^SESSION_SECRET_02 is not a session password name/],
    [{ SESSION_SECRET: s("a"), SESSION_SECRET_OLD: s("b") }, /^SESSION_SECRET_OLD is not a session password name/],
    [{ SESSION_SECRET: s("a"), SESSION_SECRET_1000: s("b") }, /^SESSION_SECRET_1000 is not a session password name/],
    [{ SESSION_SECRET: s("a"), SESSION_SECRET_2: s("a") }, /^SESSION_SECRET has the same value as SESSION_SECRET_2/],
  ])("refuses %j with one sentence", (source, message) => {
    expect(() => parseSessionPasswords(source)).toThrow(ConfigError);
    expect(() => parseSessionPasswords(source)).toThrow(message);
  });
});

describe("Auth.js secrets (its own AUTH_SECRET, AUTH_SECRET_1..3 convention)", () => {
  it("reads today's single AUTH_SECRET as the whole list", () => {
    expect(parseAuthSecrets({ AUTH_SECRET: s("a") })).toEqual([{ name: "AUTH_SECRET", secret: s("a") }]);
  });
  it("orders the list as @auth/core does: the highest number first (it encrypts), AUTH_SECRET last", () => {
    const list = parseAuthSecrets({ AUTH_SECRET: s("a"), AUTH_SECRET_1: s("b"), AUTH_SECRET_3: s("d") });
    expect(list.map((x) => x.name)).toEqual(["AUTH_SECRET_3", "AUTH_SECRET_1", "AUTH_SECRET"]);
  });
  it("matches @auth/core's own reading of the environment, secret for secret", async () => {
    const { setEnvDefaults } = await import("@auth/core");
    const source = { AUTH_SECRET: s("a"), AUTH_SECRET_1: s("b"), AUTH_SECRET_2: s("c") };
    const config = { providers: [] } as unknown as Parameters<typeof setEnvDefaults>[1];
    setEnvDefaults(source, config);
    expect(parseAuthSecrets(source).map((x) => x.secret)).toEqual(config.secret);
  });
  it.each([
    [{}, /^AUTH_SECRET is not set/],
    [{ AUTH_SECRET: "short" }, /^AUTH_SECRET is too short/],
    [{ AUTH_SECRET: s("a"), AUTH_SECRET_2: "short" }, /^AUTH_SECRET_2 is too short/],
    [{ AUTH_SECRET: s("a"), AUTH_SECRET_4: s("b") }, /^AUTH_SECRET_4 is not read by Auth.js/],
    [{ AUTH_SECRET: s("a"), AUTH_SECRET_1: s("a") }, /^AUTH_SECRET has the same value as AUTH_SECRET_1/],
  ])("refuses %j with one sentence", (source, message) => {
    expect(() => parseAuthSecrets(source)).toThrow(message);
  });
});

describe("bearer signing keys", () => {
  const ed = () => newBearerSigningKey("EdDSA");
  const p256 = () => newBearerSigningKey("ES256");

  it("reads an Ed25519 key as EdDSA and a P-256 key as ES256, the kid being the RFC 7638 thumbprint", async () => {
    const [a, b] = parseBearerKeys(`${ed()}, ${p256()}`);
    expect([a!.alg, a!.state, b!.alg, b!.state]).toEqual(["EdDSA", "signing", "ES256", "retiring"]);
    for (const key of [a!, b!]) expect(key.kid).toBe(await calculateJwkThumbprint(key.publicJwk, "sha256"));
    expect(Object.keys(a!.publicJwk).sort()).toEqual(["crv", "kty", "x"]);
    expect(Object.keys(b!.publicJwk).sort()).toEqual(["crv", "kty", "x", "y"]);
  });

  it("reads what openssl prints (standard base64 with padding), and whitespace or newlines between entries", () => {
    const der = execFileSync("openssl", ["genpkey", "-algorithm", "ed25519", "-outform", "DER"]);
    const fromOpenssl = der.toString("base64");
    expect(fromOpenssl).toMatch(/^[A-Za-z0-9+/]+=*$/);
    const keys = parseBearerKeys(`\n  next:${ed()}\n  ${fromOpenssl}\n`);
    expect(keys.map((k) => k.state)).toEqual(["next", "signing"]);
  });

  it("the same key gives the same kid on every instance (no one names it)", () => {
    const key = ed();
    expect(parseBearerKeys(key)[0]!.kid).toBe(parseBearerKeys(key)[0]!.kid);
    expect(parseBearerKeys(key)[0]!.kid).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 })
    .privateKey.export({ format: "der", type: "pkcs8" })
    .toString("base64");
  const p384 = generateKeyPairSync("ec", { namedCurve: "P-384" })
    .privateKey.export({ format: "der", type: "pkcs8" })
    .toString("base64");
  const x25519 = generateKeyPairSync("x25519").privateKey.export({ format: "der", type: "pkcs8" }).toString("base64");
  const spki = generateKeyPairSync("ed25519").publicKey.export({ format: "der", type: "spki" }).toString("base64");

  it.each([
    ["nothing", undefined, /^BEARER_SIGNING_KEYS is not set: set it to a private signing key/],
    ["only separators", " , ", /^BEARER_SIGNING_KEYS is not set/],
    [
      "an HMAC secret (a random string)",
      "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA",
      /entry 1 is not a private key/,
    ],
    ["text that is not base64", "my-signing-key!", /entry 1 is not base64/],
    ["a public key instead of a private one", spki, /entry 1 is not a private key/],
    ["an RSA key", rsa, /entry 1 is a rsa key/],
    ["a P-384 key", p384, /entry 1 is a ec secp384r1 key/],
    ["an X25519 (encryption) key", x25519, /entry 1 is a x25519 key/],
  ])("refuses %s with one sentence", (_what, value, message) => {
    expect(() => parseBearerKeys(value)).toThrow(ConfigError);
    expect(() => parseBearerKeys(value)).toThrow(message);
  });

  it("refuses a ring that is inconsistent", () => {
    const [a, b] = [ed(), ed()];
    expect(() => parseBearerKeys(`next:${a}`)).toThrow(/has no key that signs/);
    expect(() => parseBearerKeys(`${a},next:${b}`)).toThrow(/entry 2 is marked next: only the first/);
    expect(() => parseBearerKeys(`${a},${a}`)).toThrow(/lists the same key twice \(entry 2\)/);
    expect(() => parseBearerKeys(`next:${a},${a}`)).toThrow(/lists the same key twice/);
    const many = Array.from({ length: MAX_BEARER_KEYS + 1 }, ed).join(",");
    expect(() => parseBearerKeys(many)).toThrow(`lists ${MAX_BEARER_KEYS + 1} keys: keep at most ${MAX_BEARER_KEYS}`);
  });

  it("never puts a private member in what it derives for publication", () => {
    for (const key of parseBearerKeys(`${ed()},${p256()}`)) {
      expect(key.publicJwk).not.toHaveProperty("d");
      expect(JSON.stringify(key.publicJwk)).not.toMatch(/"d"/);
    }
  });
});
