import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/**
 * A private PostgreSQL server for tests that must really stop and restart the database (the outage test),
 * without disturbing the machine's shared server. Uses the installed PostgreSQL binaries; runs as the
 * `postgres` user when started as root.
 */
// Debian/Ubuntu layout; elsewhere (macOS, other distributions) the outage spec reports itself unavailable.
const version = existsSync("/usr/lib/postgresql") ? readdirSync("/usr/lib/postgresql").sort().at(-1) : undefined;
const bin = (name: string) => `/usr/lib/postgresql/${version}/bin/${name}`;
const asPostgres = (args: string[]) =>
  (process.getuid?.() === 0 ? ["runuser", ["-u", "postgres", "--", ...args]] : [args[0]!, args.slice(1)]) as [
    string,
    string[],
  ];

function run(args: string[]) {
  const [command, rest] = asPostgres(args);
  const result = spawnSync(command, rest, { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${args.join(" ")} failed: ${result.stderr || result.stdout}`);
  return result.stdout;
}

export type PrivatePostgres = { url: string; start(): void; stop(): void; destroy(): void };

export function available(): boolean {
  return Boolean(version) && spawnSync("id", ["postgres"]).status === 0;
}

export function createPrivatePostgres(port: number): PrivatePostgres {
  const dir = mkdtempSync(path.join(tmpdir(), "svt-pg-"));
  chmodSync(dir, 0o777);
  const data = path.join(dir, "data");
  run([bin("initdb"), "-D", data, "-A", "trust", "-U", "postgres", "--no-sync"]);
  const ctl = (action: "start" | "stop") =>
    run([
      bin("pg_ctl"),
      "-D",
      data,
      "-w",
      "-t",
      "30",
      "-m",
      "fast",
      "-l",
      path.join(dir, "log"),
      "-o",
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
      action,
    ]);
  ctl("start");
  execFileSync(bin("createdb"), ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "app"]);
  const url = `postgresql://postgres@localhost:${port}/app`;
  execFileSync("npx", ["prisma", "migrate", "deploy"], { env: { ...process.env, DATABASE_URL: url }, stdio: "pipe" });
  return {
    url,
    start: () => ctl("start"),
    stop: () => ctl("stop"),
    destroy() {
      try {
        ctl("stop");
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
