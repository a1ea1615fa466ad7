import { spawn, type ChildProcess } from "node:child_process";

/**
 * Starts an extra `next start` process from the build the Playwright web server already made (same
 * NEXT_DIST_DIR), with its own environment: for the outage test (a private Postgres it can stop) and the
 * two-instance test (two processes, one database). Secrets default to the main test server's, so credentials
 * issued by one process verify on another.
 */
export type TestServer = { url: string; process: ChildProcess; stop(): Promise<void>; logs(): string };

export async function startServer(port: number, env: Record<string, string>): Promise<TestServer> {
  const child = spawn("npx", ["next", "start", "-p", String(port)], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_MANUAL_SIG_HANDLE: "true",
      SESSION_SECRET: process.env.E2E_SESSION_SECRET!,
      AUTH_SECRET: process.env.E2E_AUTH_SECRET!,
      AUTH_TRUST_HOST: "true",
      SEED_DEMO_USERS: "false",
      LOGIN_LIMIT_PER_IP: "100000",
      SIGNUP_LIMIT_PER_IP: "100000",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  // A child stopped by a signal has `signalCode` set and `exitCode` still null.
  const running = () => child.exitCode === null && child.signalCode === null;
  // "close" comes after the last output chunk, so an early exit is reported with everything it printed.
  const closed = new Promise((resolve) => child.once("close", resolve));
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const url = `http://localhost:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (!running()) {
      await closed;
      throw new Error(`server on :${port} exited early:\n${output}`);
    }
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server on :${port} did not become healthy:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    url,
    process: child,
    logs: () => output,
    async stop() {
      if (!running()) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      try {
        process.kill(-child.pid!, "SIGTERM");
      } catch {
        return;
      }
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      if (!running()) return;
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // the process group is already gone
      }
    },
  };
}
