import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/server/env";
import { newBearerSigningKey } from "@/lib/server/key-config";
import { developmentLine } from "@/lib/server/start";

describe("the development start-up line", () => {
  it("names the database folder, the generated secrets file and the demo accounts", () => {
    const line = developmentLine(parseEnv({ NODE_ENV: "development" }), {});
    expect(line).toMatch(/database PGlite in \.data[\\/]pglite[\\/]/);
    expect(line).toMatch(
      /SESSION_SECRET, AUTH_SECRET and BEARER_SIGNING_KEYS generated in \.data[\\/]dev-secrets\.json/,
    );
    expect(line).toContain("alice@example.com / wonderland-rabbit-42");
    expect(line.split("\n")).toHaveLength(1);
  });
  it("never prints a database password or a secret", () => {
    const source = {
      NODE_ENV: "development",
      DATABASE_URL: "postgresql://app:hunter2-database@db.example.com:5432/svt",
      SESSION_SECRET: "x".repeat(40),
      AUTH_SECRET: "y".repeat(40),
      BEARER_SIGNING_KEYS: newBearerSigningKey(),
      SEED_DEMO_USERS: "false",
    };
    const line = developmentLine(parseEnv(source), source);
    expect(line).toContain("database Postgres db.example.com:5432/svt");
    expect(line).toContain("secrets from the environment");
    expect(line).toContain("no demo accounts");
    expect(line).not.toMatch(/hunter2|xxxx|yyyy/);
  });
});
