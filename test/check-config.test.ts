import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { newBearerSigningKey } from "@/lib/server/key-config";

/**
 * scripts/check-config.ts, which `npm run build` runs first on Vercel: a deployment that could not start (an upgrade
 * that lacks BEARER_SIGNING_KEYS, say) fails its build with the app's own sentence, so the live one keeps serving.
 */
function check(env: Record<string, string>) {
  return spawnSync(
    process.execPath,
    [require.resolve("tsx/cli"), "--conditions=react-server", "--tsconfig", "tsconfig.json", "scripts/check-config.ts"],
    { env: { PATH: process.env.PATH ?? "", NODE_ENV: "production", ...env }, encoding: "utf8" },
  );
}

const secret = () => randomBytes(32).toString("base64url");
const production = () => ({
  VERCEL: "1",
  DATABASE_URL: "postgresql://user@localhost:5432/app",
  SESSION_SECRET: secret(),
  AUTH_SECRET: secret(),
});

describe("the build's configuration check", () => {
  it("stops an upgrade that lacks the bearer signing key, with the app's one sentence", () => {
    const result = check(production());
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/Build stopped: BEARER_SIGNING_KEYS is not set/);
  });

  it("stops a deployment built as the benchmark's build (its peer routes and ablations)", () => {
    const result = check({ ...production(), BEARER_SIGNING_KEYS: newBearerSigningKey(), SVT_BENCH_BUILD: "1" });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/Build stopped: SVT_BENCH_BUILD=1 makes the benchmark's build/);
  });

  it("passes a complete production configuration", () => {
    const result = check({ ...production(), BEARER_SIGNING_KEYS: newBearerSigningKey() });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
  });
});
