import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { portInUse, startServer, startVerifier, stopAll, testServerEnv } from "./server-harness.mjs";

/**
 * The test-server harness with tiny stand-in servers (a few lines of node:http) instead of `next start`: what it
 * refuses, how it reports a server that dies or never gets healthy, and how it stops one.
 */

const dir = mkdtempSync(path.join(tmpdir(), "svt-harness-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => stopAll());

/** A port nothing listens on (the system picks it, so it cannot be another test's). */
async function freePort() {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** A stand-in server: answers every request with `status` on $PORT, after running `before`. */
const standIn = (status: number, before = "") => [
  process.execPath,
  "-e",
  `${before}; require("node:http").createServer((q, r) => { r.statusCode = ${status}; r.end("{}"); }).listen(Number(process.env.PORT));`,
];

describe("the test-server harness", () => {
  it("refuses a port something already listens on, in one sentence naming it, and spawns nothing", async () => {
    const listener = net.createServer((socket) => socket.end());
    await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
    const { port } = listener.address() as net.AddressInfo;
    const marker = path.join(dir, "spawned");
    try {
      expect(await portInUse(port)).toBe(true);
      await expect(
        startServer({
          port,
          command: standIn(200, `require("node:fs").writeFileSync(${JSON.stringify(marker)}, "")`),
          healthTimeoutMs: 5_000,
        }),
      ).rejects.toThrow(
        `Port ${port} is already in use (a leftover server?): stop what listens on it or choose another port.`,
      );
      expect(existsSync(marker)).toBe(false);
    } finally {
      await new Promise((resolve) => listener.close(resolve));
    }
    expect(await portInUse(port)).toBe(false);
  });

  it("starts a server, resolves once /api/health is 200, and stops it", async () => {
    const port = await freePort();
    const server = await startServer({ port, command: standIn(200, `console.log("listening")`) });
    expect(server.url).toBe(`http://localhost:${port}`);
    expect(server.running()).toBe(true);
    expect((await server.send("GET", "/api/health")).status).toBe(200);
    expect(server.logs()).toContain("listening");
    await server.stop();
    expect(server.running()).toBe(false);
    expect(server.process.signalCode).toBe("SIGTERM");
    await server.stop(); // a second stop is a no-op
    expect(await portInUse(port)).toBe(false);
  });

  it("reports a server that exits before it is healthy, with everything it printed", async () => {
    const port = await freePort();
    const dies = [process.execPath, "-e", `console.error("Cannot start: no secret"); process.exit(3);`];
    await expect(startServer({ port, command: dies, name: "instance A" })).rejects.toThrow(
      /^instance A exited early \(3\):\nCannot start: no secret/,
    );
  });

  it("stops a server that never gets healthy, and says so", async () => {
    const port = await freePort();
    const failure = startServer({ port, command: standIn(503), healthTimeoutMs: 1_000 });
    await expect(failure).rejects.toThrow(`server on :${port} did not become healthy within 1 s`);
    expect(await portInUse(port)).toBe(false);
  });

  it("sends SIGKILL when SIGTERM is ignored, and a server ended by a signal counts as stopped", async () => {
    const port = await freePort();
    const stubborn = await startServer({
      port,
      command: standIn(200, `process.on("SIGTERM", () => console.log("ignored"))`),
      stopTimeoutMs: 500,
    });
    await stubborn.stop();
    expect(stubborn.process.signalCode).toBe("SIGKILL");
    expect(stubborn.process.exitCode).toBeNull();
    expect(stubborn.running()).toBe(false);
    // Its process group is gone: stopping again must not signal it (that was `kill ESRCH`).
    await expect(stubborn.stop()).resolves.toBeUndefined();

    const killed = await startServer({ port: await freePort(), command: standIn(200) });
    const exited = new Promise((resolve) => killed.process.once("exit", resolve));
    process.kill(-killed.process.pid!, "SIGKILL");
    await exited;
    expect(killed.running()).toBe(false);
    await expect(killed.stop()).resolves.toBeUndefined();
  });

  it("gives every test server a bearer signing key, and a verifier exactly JWKS_URL and PORT", async () => {
    expect(Object.keys(testServerEnv())).toContain("BEARER_SIGNING_KEYS");
    const port = await freePort();
    const verifier = await startVerifier({ port, jwksUrl: "http://localhost:9/.well-known/jwks.json" });
    expect((await verifier.send("GET", "/health")).status).toBe(200);
    // What the process really holds, read from the kernel (Linux): not a variable more.
    const environ = readFileSync(`/proc/${verifier.process.pid}/environ`, "utf8").split("\0").filter(Boolean);
    expect(environ.map((entry) => entry.split("=")[0]).sort()).toEqual(["JWKS_URL", "PORT"]);
    await verifier.stop();
    expect(verifier.process.signalCode ?? verifier.process.exitCode).toBeDefined();
  });

  it("reports a verifier that refuses its configuration, with its one sentence", async () => {
    const port = await freePort();
    await expect(startVerifier({ port, jwksUrl: "http://evil.example/jwks.json" })).rejects.toThrow(
      /Cannot start the verifier: JWKS_URL must be an https:\/\/ URL/,
    );
  });
});
