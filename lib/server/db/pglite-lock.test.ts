import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { lockFileFor, lockPgliteDir, PgliteLockedError, type LockHolder } from "@/lib/server/db/pglite-lock";

// The lock's decisions, with real processes as holders (a live one, a dead one). The end-to-end proof — two real
// `next start` processes on one folder, then kill -9 and a takeover — is e2e/pglite-single-writer.spec.ts.

const folder = () => path.join(mkdtempSync(path.join(tmpdir(), "svt-lock-")), "pglite");
const children: ChildProcess[] = [];

function liveProcess(): number {
  const child = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
  children.push(child);
  return child.pid!;
}

function deadPid(): number {
  return spawnSync(process.execPath, ["-e", ""]).pid!;
}

function plant(dir: string, holder: Partial<LockHolder>) {
  const full = { pid: 1, host: hostname(), acquiredAt: new Date().toISOString(), nonce: "planted", ...holder };
  writeFileSync(lockFileFor(dir), JSON.stringify(full) + "\n");
}

const holderOf = (dir: string) => JSON.parse(readFileSync(lockFileFor(dir), "utf8")) as LockHolder;

afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
});

describe("PGlite single-writer lock", () => {
  it("is a file beside the folder naming this process; taking it again in the same process returns the same lock", () => {
    const dir = folder();
    const lock = lockPgliteDir(dir);
    expect(lock.file).toBe(`${path.resolve(dir)}.lock`);
    expect(holderOf(dir)).toMatchObject({ pid: process.pid, host: hostname() });
    expect(lockPgliteDir(dir)).toBe(lock);
    lock.release();
    expect(existsSync(lock.file)).toBe(false);
  });

  it("creates the folder's parent when it does not exist yet (a first start with PGLITE_DIR=/new/place/db)", () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), "svt-lock-")), "not", "yet", "pglite");
    const lock = lockPgliteDir(dir);
    expect(holderOf(dir)).toMatchObject({ pid: process.pid });
    lock.release();
  });

  it("refuses while another live process holds it, with one sentence naming the folder and the holder", () => {
    const dir = folder();
    const pid = liveProcess();
    plant(dir, { pid, acquiredAt: new Date(Date.now() + 60_000).toISOString() });
    let error: unknown;
    try {
      lockPgliteDir(dir);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(PgliteLockedError);
    const message = (error as Error).message;
    expect(message).toContain(path.resolve(dir));
    expect(message).toContain(`process ${pid} on host ${hostname()}`);
    expect(message.split(/[.:] [A-Z]/)).toHaveLength(1); // one sentence
    expect(holderOf(dir).pid).toBe(pid); // the holder's lock is untouched
  });

  it("refuses a lock held from another host (liveness cannot be checked there)", () => {
    const dir = folder();
    plant(dir, { pid: deadPid(), host: "some-other-host" });
    expect(() => lockPgliteDir(dir)).toThrow(/in use by process \d+ on host some-other-host/);
  });

  it("takes over a stale lock whose process is gone (a crash, kill -9)", () => {
    const dir = folder();
    plant(dir, { pid: deadPid() });
    const lock = lockPgliteDir(dir);
    expect(holderOf(dir)).toMatchObject({ pid: process.pid, nonce: lock.holder.nonce });
    lock.release();
  });

  it("takes over a lock whose holder was killed but not yet reaped (a zombie: kill(pid, 0) still succeeds)", async () => {
    if (process.platform !== "linux") return; // no zombies to make portably; the rule reads Linux's /proc
    const dir = folder();
    // The shell starts a child that exits shortly after the shell became `sleep`, which never reaps it: a zombie.
    const parent = spawn("sh", ["-c", "sleep 0.3 & echo $!; exec sleep 30"], { stdio: ["ignore", "pipe", "ignore"] });
    children.push(parent);
    const zombie = Number(
      await new Promise<string>((resolve) => parent.stdout!.once("data", (d) => resolve(String(d)))),
    );
    await expect.poll(() => readFileSync(`/proc/${zombie}/stat`, "utf8").split(") ")[1]![0]).toBe("Z");
    expect(() => process.kill(zombie, 0)).not.toThrow();
    plant(dir, { pid: zombie });
    const lock = lockPgliteDir(dir);
    expect(holderOf(dir).pid).toBe(process.pid);
    lock.release();
  });

  it("takes over a lock left by an earlier incarnation with our pid (a container restart)", () => {
    const dir = folder();
    plant(dir, { pid: process.pid });
    const lock = lockPgliteDir(dir);
    expect(holderOf(dir).nonce).toBe(lock.holder.nonce);
    lock.release();
  });

  it("takes over when the pid now belongs to a process started after the lock (Linux /proc; elsewhere refuses)", () => {
    const dir = folder();
    const pid = liveProcess();
    plant(dir, { pid, acquiredAt: new Date(Date.now() - 60 * 60 * 1000).toISOString() });
    if (process.platform !== "linux") {
      expect(() => lockPgliteDir(dir)).toThrow(PgliteLockedError); // cannot tell a reused pid: refusing is safe
      return;
    }
    const lock = lockPgliteDir(dir);
    expect(holderOf(dir).pid).toBe(process.pid);
    lock.release();
  });

  it("release never deletes someone else's lock", () => {
    const dir = folder();
    const lock = lockPgliteDir(dir);
    const pid = liveProcess();
    plant(dir, { pid, nonce: "someone-else" }); // replaced behind our back
    lock.release();
    expect(holderOf(dir).nonce).toBe("someone-else");
  });
});
