import { describe, expect, it } from "vitest";
import { ConfigError, parseEnv } from "@/lib/server/env";

const secret = "s".repeat(40);

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
    const base = { NODE_ENV: "production", AUTH_SECRET: secret, SESSION_SECRET: secret };
    expect(parseEnv(base).databaseKind).toBe("pglite");
    expect(parseEnv({ ...base, DATABASE_URL: "postgresql://localhost/app" }).databaseKind).toBe("postgres");
    expect(() => parseEnv({ ...base, DATABASE_URL: "mysql://localhost/app" })).toThrow(/DATABASE_URL/);
  });
  it("runs on Prisma Postgres's pooled URL when its integration sets one (DATABASE_URL is the direct one there)", () => {
    const base = { NODE_ENV: "production", AUTH_SECRET: secret, SESSION_SECRET: secret };
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
    expect(config.SESSION_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(config.AUTH_SECRET).not.toBe(config.SESSION_SECRET);
    expect(parseEnv({ NODE_ENV: "development" }).SESSION_SECRET).toBe(config.SESSION_SECRET);
  });
});
