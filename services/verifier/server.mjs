#!/usr/bin/env node
// @ts-check
// The verifier as a Node HTTP server (`npm run verifier`, CI, e2e, scripts/two-instances.mjs): configured by
// JWKS_URL and PORT, nothing else. On Vercel the same verifier runs as functions (api/), in a project of its own
// (docs/deploy-vercel.md "The verifier").
//
//   JWKS_URL=http://localhost:3000/.well-known/jwks.json PORT=4100 node services/verifier/server.mjs
import http from "node:http";
import { createVerifier, readConfig } from "./verifier.mjs";

let config;
try {
  config = readConfig(process.env);
} catch (error) {
  console.error(`\nCannot start the verifier: ${error instanceof Error ? error.message : error}\n`);
  process.exit(1);
}
const verifier = createVerifier({ jwksUrl: config.jwksUrl });

const server = http.createServer(async (req, res) => {
  req.resume(); // no route reads a body
  try {
    // The one request header any route reads.
    const headers = new Headers();
    if (req.headers.authorization !== undefined) headers.set("authorization", req.headers.authorization);
    const request = new Request(new URL(req.url ?? "/", "http://verifier.invalid"), { method: req.method, headers });
    const response = await verifier.handle(request);
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(req.method === "HEAD" ? undefined : Buffer.from(await response.arrayBuffer()));
  } catch (error) {
    // A request Node parsed but the Fetch API refuses (a method like CONNECT, a header value it rejects).
    console.error("[verifier] request failed:", error instanceof Error ? error.message : error);
    if (!res.headersSent) res.writeHead(400, { "Content-Type": "application/json", "Cache-Control": "no-store" });
    res.end(JSON.stringify({ error: "Bad request." }));
  }
});
server.keepAliveTimeout = 65_000;
server.listen(config.port, () => {
  console.log(`Verifier on http://localhost:${config.port} — key set ${config.jwksUrl.href} (no database, no secret)`);
});
for (const signal of ["SIGTERM", "SIGINT"])
  process.once(signal, () => server.close(() => process.exit(0)).closeAllConnections());
