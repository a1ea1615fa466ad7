import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, parseEnv } from "@/lib/server/env";
import { newBearerSigningKey } from "@/lib/server/key-config";

const secret = "s".repeat(40);
const BEARER_SIGNING_KEYS = newBearerSigningKey();

describe("parseEnv", () => {
  it("refuses to start in production without a secret, in one sentence naming it", () => {
    expect(() => parseEnv({ NODE_ENV: "production", AUTH_SECRET: secret })).toThrow(ConfigError);
    expect(() => parseEnv({ NODE_ENV: "production", AUTH_SECRET: secret })).toThrow(
      /^SESSION_SECRET is not set: set it to/,
    );
  });
  it("refuses a short secret in production", () => {
    expect(() => parseEnv({ NODE_ENV: "production", AUTH_SECRET: secret, SESSION_SECRET: "short" })).toThrow(
      /SESSION_SECRET is too short/,
    );
  });
  it("refuses PGlite on Vercel", () => {
    expect(() =>
      parseEnv({ NODE_ENV: "production", VERCEL: "1", AUTH_SECRET: secret, SESSION_SECRET: secret }),
    ).toThrow(/DATABASE_URL is not set/);
  });
  it("chooses the database from DATABASE_URL", () => {
    const base = { NODE_ENV: "production", AUTH_SECRET: secret, SESSION_SECRET: secret, BEARER_SIGNING_KEYS };
    expect(parseEnv(base).databaseKind).toBe("pglite");
    expect(parseEnv({ ...base, DATABASE_URL: "postgresql://localhost/app" }).databaseKind).toBe("postgres");
    expect(() => parseEnv({ ...base, DATABASE_URL: "mysql://localhost/app" })).toThrow(/DATABASE_URL/);
  });
  it("runs on Prisma Postgres's pooled URL when its integration sets one (DATABASE_URL is the direct one there)", () => {
    const base = { NODE_ENV: "production", AUTH_SECRET: secret, SESSION_SECRET: secret, BEARER_SIGNING_KEYS };
    const direct = "postgresql://u@db.prisma.io:5432/app";
    const pooled = "postgresql://u@pooled.db.prisma.io:5432/app";
    expect(parseEnv({ ...base, DATABASE_URL: direct }).DATABASE_URL).toBe(direct);
    expect(parseEnv({ ...base, DATABASE_URL: direct, DATABASE_URL_POOLED: pooled }).DATABASE_URL).toBe(pooled);
    expect(parseEnv({ ...base, VERCEL: "1", DATABASE_URL_POOLED: pooled }).databaseKind).toBe("postgres");
    expect(() => parseEnv({ ...base, DATABASE_URL: direct, DATABASE_URL_POOLED: "prisma+postgres://x" })).toThrow(
      /^DATABASE_URL_POOLED must be a postgres:\/\//,
    );
  });
  it("generates development secrets when they are missing", () => {
    const config = parseEnv({ NODE_ENV: "development" });
    expect(config.SESSION_SECRET!.length).toBeGreaterThanOrEqual(32);
    expect(config.AUTH_SECRET).not.toBe(config.SESSION_SECRET);
    expect(config.bearerKeys.map((k) => [k.alg, k.state])).toEqual([["EdDSA", "signing"]]);
    const again = parseEnv({ NODE_ENV: "development" });
    expect(again.SESSION_SECRET).toBe(config.SESSION_SECRET);
    expect(again.bearerKeys[0]!.kid).toBe(config.bearerKeys[0]!.kid);
  });
  it("refuses to start in production without a bearer signing key, or with a malformed one, in one sentence", () => {
    const base = { NODE_ENV: "production", AUTH_SECRET: secret, SESSION_SECRET: secret };
    expect(() => parseEnv(base)).toThrow(/^BEARER_SIGNING_KEYS is not set: set it to a private signing key/);
    expect(() => parseEnv({ ...base, BEARER_SIGNING_KEYS: secret })).toThrow(
      /^BEARER_SIGNING_KEYS entry 1 is not a private key: each entry is the base64 of an Ed25519 or P-256 private key/,
    );
    expect(parseEnv({ ...base, BEARER_SIGNING_KEYS }).bearerKeys).toHaveLength(1);
  });
  it("reads the secrets' lists: session passwords by id, Auth.js's list, the bearer ring", () => {
    const next = newBearerSigningKey();
    const config = parseEnv({
      NODE_ENV: "production",
      SESSION_SECRET: secret,
      SESSION_SECRET_2: "t".repeat(40),
      AUTH_SECRET: secret,
      AUTH_SECRET_1: "u".repeat(40),
      BEARER_SIGNING_KEYS: `next:${next},${BEARER_SIGNING_KEYS}`,
    });
    expect(config.sessionPasswords.map((p) => p.id)).toEqual([2, 1]);
    expect(config.authSecrets.map((a) => a.name)).toEqual(["AUTH_SECRET_1", "AUTH_SECRET"]);
    expect(config.bearerKeys.map((k) => k.state)).toEqual(["next", "signing"]);
  });
  it("refuses a VERIFIER_URL that is not an http(s) URL", () => {
    const base = { NODE_ENV: "production", AUTH_SECRET: secret, SESSION_SECRET: secret, BEARER_SIGNING_KEYS };
    expect(parseEnv({ ...base, VERIFIER_URL: "http://localhost:4100" }).VERIFIER_URL).toBe("http://localhost:4100");
    expect(() => parseEnv({ ...base, VERIFIER_URL: "file:///etc/passwd" })).toThrow(
      /^VERIFIER_URL: VERIFIER_URL must be/,
    );
  });
  it("completes a development secrets file written before a secret existed, keeping the others", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "svt-dev-secrets-"));
    const cwd = process.cwd();
    try {
      process.chdir(dir);
      const file = path.join(dir, ".data", "dev-secrets.json");
      parseEnv({ NODE_ENV: "development" }); // creates the file
      const old = { SESSION_SECRET: "o".repeat(40), AUTH_SECRET: "p".repeat(40) }; // as an earlier version wrote it
      writeFileSync(file, JSON.stringify(old));
      const config = parseEnv({ NODE_ENV: "development" });
      expect([config.SESSION_SECRET, config.AUTH_SECRET]).toEqual([old.SESSION_SECRET, old.AUTH_SECRET]);
      const stored = JSON.parse(readFileSync(file, "utf8"));
      expect(stored).toMatchObject(old);
      expect(parseEnv({ NODE_ENV: "development" }).bearerKeys[0]!.kid).toBe(config.bearerKeys[0]!.kid);
      expect(
        parseEnv({ NODE_ENV: "development", BEARER_SIGNING_KEYS: stored.BEARER_SIGNING_KEYS }).bearerKeys[0]!.kid,
      ).toBe(config.bearerKeys[0]!.kid);
    } finally {
      process.chdir(cwd);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
