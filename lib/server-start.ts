import http from "node:http";
import { ConfigError, env } from "@/lib/env";
import { closeDb } from "@/lib/db";
import { PEER_HEADER, peerMark } from "@/lib/security/client-ip";

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

  refuseUnknownMethods();

  if (config.TRUSTED_PROXY === "none") {
    // Next.js only fills x-forwarded-* when the client did not send them; we make them the real peer's. clientIp()
    // believes only PEER_HEADER with this process's mark, so a request that arrives before this patch is installed
    // counts as "unknown" rather than as the address it claims (lib/security/client-ip.ts).
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
      closeDb()
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
