import http from "node:http";
import path from "node:path";
import { ConfigError, env, unsetSecrets, type Env } from "@/lib/server/env";
import { closeDb } from "@/lib/server/db/close";
import { DEMO_USERS } from "@/lib/server/db/demo-users";
import { lockPgliteDir, PgliteLockedError } from "@/lib/server/db/pglite-lock";
import { unfinishedWork } from "@/lib/server/shutdown";
import { PEER_HEADER, peerMark } from "@/lib/server/client-ip";

const started = globalThis as unknown as { __svtStarted?: boolean };

export async function startServer() {
  if (started.__svtStarted) return;
  started.__svtStarted = true;

  let config;
  try {
    config = env();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`\nCannot start: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }

  // PGlite is one process per folder: a second process stops here, before it answers anything (not during
  // `next build`, which never opens the database).
  if (config.databaseKind === "pglite" && process.env.NEXT_PHASE !== "phase-production-build") {
    try {
      lockPgliteDir(config.PGLITE_DIR);
    } catch (error) {
      if (error instanceof PgliteLockedError) {
        console.error(`\nCannot start: ${error.message}\n`);
        process.exit(1);
      }
      throw error;
    }
  }

  if (!config.isProduction) console.log(developmentLine(config));

  refuseUnknownMethods();

  if (config.TRUSTED_PROXY === "none") {
    // Next.js only fills x-forwarded-* when the client did not send them; we make them the real peer's. clientIp()
    // believes only PEER_HEADER with this process's mark, so a request that arrives before this patch is installed
    // counts as "unknown" rather than as the address it claims (lib/server/client-ip.ts).
    const mark = peerMark();
    const emit = http.Server.prototype.emit;
    http.Server.prototype.emit = function patched(this: http.Server, event: string, ...args: unknown[]) {
      if (event === "request") {
        const req = args[0] as http.IncomingMessage;
        const peer = req.socket?.remoteAddress;
        if (peer) {
          req.headers["x-forwarded-for"] = peer;
          req.headers[PEER_HEADER] = `${mark} ${peer}`;
        } else {
          delete req.headers["x-forwarded-for"];
          delete req.headers[PEER_HEADER];
        }
        // Next.js fills these from the socket when absent; a client must not choose them.
        for (const name of ["x-real-ip", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port"])
          delete req.headers[name];
      }
      return emit.apply(this, [event, ...args] as Parameters<typeof emit>);
    } as typeof emit;
  }

  if (process.env.NEXT_MANUAL_SIG_HANDLE === "true") {
    const stop = (signal: string) => {
      // Background work in flight (a retention pass: bounded, milliseconds) finishes first, so it is not cut off
      // mid-batch; never waits more than 5 s for it.
      const grace = new Promise((resolve) => setTimeout(resolve, 5_000).unref());
      Promise.race([unfinishedWork(), grace])
        .catch(() => null)
        .then(() => closeDb())
        .catch((error) => console.error(`Closing the database on ${signal} failed:`, error))
        .finally(() => process.exit(0));
    };
    process.once("SIGTERM", () => stop("SIGTERM"));
    process.once("SIGINT", () => stop("SIGINT"));
  }
}

/** Methods any route here may implement; refuseOtherMethods() answers the rest of these per route. */
const KNOWN_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

/**
 * A method outside that set (TRACE, PROPFIND, FOO…) makes Next.js's request adapter throw, which it answers with a
 * 500. Answer it here instead, before Next.js sees it: 405 with Allow and the same security headers as elsewhere.
 */
function refuseUnknownMethods() {
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function patched(this: http.Server, event: string, ...args: unknown[]) {
    if (event === "request") {
      const [req, res] = args as [http.IncomingMessage, http.ServerResponse];
      if (!KNOWN_METHODS.has(req.method ?? "")) {
        req.resume();
        res.writeHead(405, {
          Allow: "GET, HEAD, POST, OPTIONS",
          "Content-Type": "application/json",
          "Cache-Control": "no-store",
          "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'; base-uri 'none'",
          "X-Content-Type-Options": "nosniff",
          "Referrer-Policy": "strict-origin-when-cross-origin",
          "X-Frame-Options": "DENY",
        });
        res.end(JSON.stringify({ error: "Method not allowed." }));
        return true;
      }
    }
    return emit.apply(this, [event, ...args] as Parameters<typeof emit>);
  } as typeof emit;
}

/**
 * The one line `npm run dev` prints at start-up: where the data is, where the generated secrets are, and how to
 * sign in. Never a secret's value, never a database password.
 */
export function developmentLine(config: Env, source: Record<string, string | undefined> = process.env): string {
  let database: string;
  if (config.DATABASE_URL) {
    const url = URL.parse(config.DATABASE_URL);
    database = `Postgres ${url ? `${url.hostname}${url.port ? `:${url.port}` : ""}${url.pathname}` : "(DATABASE_URL)"}`;
  } else {
    const folder = path.resolve(config.PGLITE_DIR);
    const relative = path.relative(process.cwd(), folder);
    database = `PGlite in ${relative.startsWith("..") || path.isAbsolute(relative) ? folder : relative || "."}${path.sep}`;
  }
  const generated = unsetSecrets(source);
  const names = generated.length > 1 ? `${generated.slice(0, -1).join(", ")} and ${generated.at(-1)}` : generated[0];
  const secrets = generated.length
    ? `${names} generated in ${path.join(".data", "dev-secrets.json")}`
    : "secrets from the environment";
  const seeding = config.SEED_DEMO_USERS ? config.SEED_DEMO_USERS === "true" : true;
  const demo = seeding
    ? `demo accounts ${DEMO_USERS.map((u) => `${u.email} / ${u.password}`).join(", ")}`
    : "no demo accounts (SEED_DEMO_USERS=false)";
  return `Sessions vs Tokens (development): database ${database} · ${secrets} · ${demo}`;
}
