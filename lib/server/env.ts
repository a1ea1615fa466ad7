import "server-only";
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { ConfigError } from "@/lib/server/config-error";
import {
  newBearerSigningKey,
  parseAuthSecrets,
  parseBearerKeys,
  parseSessionPasswords,
  sessionPasswordNames,
  type AuthSecret,
  type BearerKeyConfig,
  type SessionPassword,
} from "@/lib/server/key-config";

/**
 * Validated configuration. Read once, lazily (so `next build` never needs secrets), and checked at start-up by
 * instrumentation.ts. In development every missing secret is generated on first run and kept in
 * `.data/dev-secrets.json` (git-ignored); in production a missing or short secret stops the server with one
 * sentence saying what to set. Every variable is documented in .env.example. The secrets are lists, so each can be
 * rotated without signing anyone out (lib/server/key-config.ts, docs/key-rotation.md).
 */

const seconds = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const DAY = 24 * 60 * 60;

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must be a postgres:// or postgresql:// URL")
    .optional(),
  DIRECT_DATABASE_URL: z.string().optional(),
  AUTH_URL: z.url("AUTH_URL must be a URL like https://example.com").optional(),
  AUTH_TRUST_HOST: z.enum(["true", "false", "1", "0"]).optional(),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(100).optional(),
  PGLITE_DIR: z.string().min(1).default(".data/pglite"),
  // The secrets' lists (SESSION_SECRET_<n>, AUTH_SECRET_1..3, BEARER_SIGNING_KEYS) are read by key-config.ts.
  SESSION_SECRET: z.string().optional(),
  AUTH_SECRET: z.string(),
  SESSION_IDLE_TIMEOUT: seconds(7 * DAY),
  SESSION_ABSOLUTE_TIMEOUT: seconds(30 * DAY),
  TOKEN_MAX_AGE: seconds(DAY),
  TOKEN_ABSOLUTE_LIFETIME: seconds(30 * DAY),
  BEARER_ACCESS_TTL: seconds(5 * 60),
  BEARER_REFRESH_TTL: seconds(14 * DAY),
  LOGIN_LIMIT_PER_IP: z.coerce.number().int().positive().default(100),
  LOGIN_LIMIT_PER_ACCOUNT: z.coerce.number().int().positive().default(10),
  LOGIN_LIMIT_PER_ACCOUNT_TOTAL: z.coerce.number().int().positive().default(100),
  SIGNUP_LIMIT_PER_IP: z.coerce.number().int().positive().default(30),
  TRUSTED_PROXY: z.enum(["none", "vercel", "any"]).optional(),
  SEED_DEMO_USERS: z.enum(["true", "false"]).optional(),
  /** Days the lifecycle log (auth_events) is kept; older events are pruned (SECURITY.md "Retention"). */
  AUTH_EVENT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  /**
   * Seconds a lab identity (the throw-away account a /compare lab acts on) lives before retention deletes it; at
   * most a day. Every credential minted for it ends by then too (lib/accounts/lab-identities.ts).
   */
  LAB_IDENTITY_LIFETIME: z.coerce
    .number()
    .int()
    .min(1)
    .max(DAY)
    .default(60 * 60),
  /** Lab identities that may exist at once, all owners together; the per-owner bound is fixed at 5. */
  LAB_IDENTITIES_MAX: z.coerce.number().int().min(1).max(100_000).default(1000),
  /** Bearer secret of GET /api/cron/prune (Vercel Cron sends it). Unset: the endpoint answers 404. */
  CRON_SECRET: z.string().min(16, "CRON_SECRET must be at least 16 characters").optional(),
  /** Where the separate verifier (services/verifier) answers, for the /compare lab. Unset: the lab says so. */
  VERIFIER_URL: z
    .url({
      protocol: /^https?$/,
      error: "VERIFIER_URL must be an http:// or https:// URL like https://verifier.example.com",
    })
    .optional(),
  VERCEL: z.string().optional(),
});

export type Env = Omit<z.infer<typeof schema>, "TRUSTED_PROXY" | "DB_POOL_MAX"> & {
  TRUSTED_PROXY: "none" | "vercel" | "any";
  DB_POOL_MAX: number;
  isProduction: boolean;
  databaseKind: "pglite" | "postgres";
  /** iron-session passwords, highest id (the one that seals) first. */
  sessionPasswords: SessionPassword[];
  /** Auth.js's secret list: the first encrypts, every one decrypts. */
  authSecrets: AuthSecret[];
  /** The bearer key ring, newest first. */
  bearerKeys: BearerKeyConfig[];
};

export { ConfigError };

/** What development generates when unset; production refuses to start without each. */
export const GENERATED_SECRETS = ["SESSION_SECRET", "AUTH_SECRET", "BEARER_SIGNING_KEYS"] as const;
type GeneratedName = (typeof GENERATED_SECRETS)[number];

const freshSecrets = (): Record<GeneratedName, string> => ({
  SESSION_SECRET: randomBytes(32).toString("base64url"),
  AUTH_SECRET: randomBytes(32).toString("base64url"),
  BEARER_SIGNING_KEYS: newBearerSigningKey(),
});

/** The development secrets in .data/dev-secrets.json: created by the first process, completed when a name is new. */
function devSecrets(): Record<GeneratedName, string> {
  const dir = path.join(process.cwd(), ".data");
  const file = path.join(dir, "dev-secrets.json");
  mkdirSync(dir, { recursive: true });
  try {
    // `wx`: only the first process creates it; a racing one reads what the winner wrote.
    writeFileSync(file, JSON.stringify(freshSecrets(), null, 2) + "\n", { flag: "wx", mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  const stored = JSON.parse(readFileSync(file, "utf8")) as Partial<Record<GeneratedName, unknown>>;
  const missing = GENERATED_SECRETS.filter((name) => typeof stored[name] !== "string");
  if (missing.length === 0) return stored as Record<GeneratedName, string>;
  // A file from before a secret was added (BEARER_SIGNING_KEYS): keep its secrets, add the new ones, atomically.
  const fresh = freshSecrets();
  const completed = { ...stored, ...Object.fromEntries(missing.map((name) => [name, fresh[name]])) };
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(completed, null, 2) + "\n", { mode: 0o600 });
  renameSync(temporary, file);
  return completed as Record<GeneratedName, string>;
}

/** The secrets a source leaves unset, which development generates. */
export function unsetSecrets(source: Record<string, string | undefined>): GeneratedName[] {
  return GENERATED_SECRETS.filter((name) =>
    name === "SESSION_SECRET" ? sessionPasswordNames(source).length === 0 : !source[name],
  );
}

/** Parses an environment into a validated configuration, or throws a ConfigError with one clear sentence. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const input: Record<string, string | undefined> = { ...source };
  for (const key of Object.keys(input)) if (input[key] === "") input[key] = undefined;
  // Prisma Postgres's Vercel integration sets DATABASE_URL to the direct URL and DATABASE_URL_POOLED to the
  // pooled one: the app runs on the pooled one (migrations use the direct one, prisma.config.ts).
  if (input.DATABASE_URL_POOLED) {
    if (!/^postgres(ql)?:\/\//.test(input.DATABASE_URL_POOLED)) {
      throw new ConfigError(
        "DATABASE_URL_POOLED must be a postgres:// or postgresql:// URL (the app speaks the Postgres protocol through node-postgres); unset it to run on DATABASE_URL.",
      );
    }
    input.DATABASE_URL = input.DATABASE_URL_POOLED;
  }
  const isProduction = input.NODE_ENV === "production";

  if (input.VERCEL === "1" && !input.DATABASE_URL) {
    throw new ConfigError(
      "DATABASE_URL is not set: on Vercel the embedded PGlite database cannot persist, so set DATABASE_URL to a Postgres connection string (for example from Neon in the Vercel marketplace).",
    );
  }
  // The benchmark's build (lib/server/bench-build.ts) answers on library-default peer routes that accept a revoked
  // JWT and re-issue it past its absolute lifetime, and lets BENCH_ABLATE switch caches off: never a deployment.
  // Vercel hands a project's variables to its build too, so one set "to try it" would have made such a build.
  if (input.VERCEL === "1" && input.SVT_BENCH_BUILD === "1") {
    throw new ConfigError(
      "SVT_BENCH_BUILD=1 makes the benchmark's build (npm run bench), never a deployment: remove it from this project's environment variables.",
    );
  }
  const unset = unsetSecrets(input);
  if (!isProduction && unset.length > 0) {
    const generated = devSecrets();
    for (const name of unset) input[name] = generated[name];
  }
  // One sentence for the first missing or malformed secret (production never generates one).
  const sessionPasswords = parseSessionPasswords(input);
  const authSecrets = parseAuthSecrets(input);
  const bearerKeys = parseBearerKeys(input.BEARER_SIGNING_KEYS);

  const result = schema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new ConfigError(`${issue.path.join(".")}: ${issue.message}.`);
  }
  return {
    ...result.data,
    // On Vercel its edge network overwrites the client-address headers, so they can be believed.
    TRUSTED_PROXY: result.data.TRUSTED_PROXY ?? (result.data.VERCEL === "1" ? "vercel" : "none"),
    // Serverless: many small instances, each with its own pool, in front of a pooler (docs/deploy-vercel.md).
    DB_POOL_MAX: result.data.DB_POOL_MAX ?? (result.data.VERCEL === "1" ? 3 : 10),
    isProduction,
    databaseKind: result.data.DATABASE_URL ? "postgres" : "pglite",
    sessionPasswords,
    authSecrets,
    bearerKeys,
  };
}

let cached: Env | undefined;

/** The validated configuration of this process. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
