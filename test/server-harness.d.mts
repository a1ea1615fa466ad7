// Types of test/server-harness.mjs (plain ESM, so the .mjs scripts run it without a build step).
import type { ChildProcess } from "node:child_process";

export type Env = Record<string, string | undefined>;

export type StartOptions = {
  /** Refused, before anything is spawned, when something already listens on it. */
  port: number;
  /** Over the inherited environment and testServerEnv(); `undefined` removes a variable. PORT is set to `port`. */
  env?: Env;
  /** Default: `<cwd>/scripts/start.mjs -p <port>` on this Node (`npm start`: next start with our signal handling). */
  command?: string[];
  /** Default: this process's working directory. */
  cwd?: string;
  /** Inherit this process's environment (default true); false starts from PATH alone. */
  inheritEnv?: boolean;
  /** The environment is exactly `env` plus PORT: nothing inherited, not even PATH, and no testServerEnv(). */
  exactEnv?: boolean;
  /** The path that must answer 200 before the server counts as started (default /api/health). */
  healthPath?: string;
  /** In messages; default "server on :<port>". */
  name?: string;
  /** Also print the server's output, each line behind this prefix (it is collected either way). */
  echo?: string;
  /** How long the health path may take to answer 200 (default 60 s). */
  healthTimeoutMs?: number;
  /** How long stop() waits after SIGTERM before SIGKILL (default 10 s). */
  stopTimeoutMs?: number;
};

export type Request = {
  cookie?: string;
  bearer?: string;
  /** A JSON body (content-type application/json). */
  json?: unknown;
  /** A form body (content-type application/x-www-form-urlencoded), when there is no `json`. */
  form?: Record<string, string>;
  headers?: Record<string, string>;
};

export type TestServer = {
  name: string;
  port: number;
  /** http://localhost:<port> */
  url: string;
  process: ChildProcess;
  /** Everything the server printed so far (stdout and stderr). */
  logs(): string;
  /** False once it exited, by a signal too. */
  running(): boolean;
  /** SIGTERM to its process group, SIGKILL after stopTimeoutMs; resolves once it exited. Safe to call twice. */
  stop(): Promise<void>;
  /** send() against this server. */
  send(method: string, pathname: string, request?: Request): Promise<Response>;
};

export function newSecret(): string;
/** A fresh BEARER_SIGNING_KEYS entry: base64url PKCS#8 DER of an Ed25519 (default) or P-256 key. */
export function newBearerKey(alg?: "EdDSA" | "ES256"): string;
/** The verifier (services/verifier) with an environment of exactly JWKS_URL and PORT; ready once GET /health is 200. */
export function startVerifier(options: {
  port: number;
  jwksUrl: string;
  cwd?: string;
  name?: string;
  echo?: string;
}): Promise<TestServer>;
export function testServerEnv(): Record<string, string>;
export function portInUse(port: number): Promise<boolean>;
export function startServer(options: StartOptions): Promise<TestServer>;
export function stopAll(): Promise<void>;
export function send(baseUrl: string, method: string, pathname: string, request?: Request): Promise<Response>;
export function cookieFrom(response: Response, name: string): string | undefined;
