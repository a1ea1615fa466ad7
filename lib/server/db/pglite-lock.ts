import { randomUUID } from "node:crypto";
import {
  closeSync,
  existsSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { hostname } from "node:os";
import path from "node:path";

/**
 * One writer per PGlite folder. PGlite has no cross-process lock: two processes on one folder both start, both
 * answer healthy and silently lose each other's writes. So the process that opens a folder first holds a lock file
 * beside it (`<folder>.lock`, created with O_EXCL, holding pid, host, start time and a random nonce) until it
 * closes the database or exits; any other process refuses with one sentence naming the folder and the holder.
 * A lock whose holder is gone (a crash, `kill -9`, a container restart that reused our pid) is stale and taken
 * over. docs/decisions/0080-pglite-single-writer-lock.md.
 *
 * No `server-only` here: `npm run db:prune` and the tests open PGlite from plain Node too.
 */

export type LockHolder = { pid: number; host: string; acquiredAt: string; nonce: string };
export type PgliteLock = { file: string; holder: LockHolder; release(): void };

/** The one sentence a second process stops with. */
export class PgliteLockedError extends Error {
  override name = "PgliteLockedError";
}

type Registry = Map<string, PgliteLock>;
const globalForLock = globalThis as unknown as { __svtPgliteLocks?: Registry };
const held = (): Registry => (globalForLock.__svtPgliteLocks ??= new Map());

export function lockFileFor(dir: string): string {
  const absolute = path.resolve(/*turbopackIgnore: true*/ dir);
  return `${absolute}.lock`;
}

/**
 * Takes the lock of `dir` for this process (or returns the one it already holds), taking over a stale lock.
 * Throws PgliteLockedError when another live process holds it.
 */
export function lockPgliteDir(dir: string): PgliteLock {
  const absolute = path.resolve(/*turbopackIgnore: true*/ dir);
  const file = lockFileFor(absolute);
  const mine = held().get(file);
  if (mine) return mine;
  // The lock file sits beside the folder; its parent may not exist yet (PGLITE_DIR=/new/place/db on a first start).
  mkdirSync(path.dirname(file), { recursive: true });

  for (let attempt = 0; attempt < 5; attempt++) {
    const holder: LockHolder = {
      pid: process.pid,
      host: hostname(),
      acquiredAt: new Date().toISOString(),
      nonce: randomUUID(),
    };
    if (tryCreate(file, holder)) {
      const lock: PgliteLock = { file, holder, release: () => release(file, holder) };
      held().set(file, lock);
      releaseAtExit();
      return lock;
    }
    const current = readHolder(file);
    if (current === "missing") continue; // released between our attempt and our read: try again
    if (current !== "unreadable" && isAlive(current)) {
      throw new PgliteLockedError(
        `The PGlite folder ${absolute} is in use by process ${current.pid} on host ${current.host} (since ${current.acquiredAt}), and PGlite allows one process per folder: stop that process, or point PGLITE_DIR at another folder.`,
      );
    }
    takeOver(file, current);
  }
  throw new PgliteLockedError(
    `The PGlite folder ${absolute} could not be locked because other processes keep taking its lock file ${file}: start one process only.`,
  );
}

function tryCreate(file: string, holder: LockHolder): boolean {
  let fd: number;
  try {
    fd = openSync(file, "wx", 0o600); // O_CREAT | O_EXCL: exactly one process creates it
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
  try {
    writeSync(fd, JSON.stringify(holder) + "\n");
  } finally {
    closeSync(fd);
  }
  return true;
}

function readHolder(file: string): LockHolder | "missing" | "unreadable" {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return "missing";
    throw error;
  }
  try {
    const value = JSON.parse(text) as Partial<LockHolder>;
    if (typeof value.pid === "number" && typeof value.host === "string" && typeof value.acquiredAt === "string")
      return { pid: value.pid, host: value.host, acquiredAt: value.acquiredAt, nonce: String(value.nonce ?? "") };
  } catch {
    // fall through
  }
  // A holder crashed between creating the file and writing it (or someone wrote garbage). A live holder
  // writes its line right after creating the file, so an unreadable lock older than a few seconds is stale.
  return "unreadable";
}

/**
 * Whether the process that wrote the lock may still be running. On another host we cannot tell, so we assume it
 * is (refusing is safe; a wrong takeover loses writes). Our own pid without the lock in our registry is a previous
 * incarnation (containers restart with the same pid). On Linux (/proc), a zombie is dead, and a pid that started
 * after the lock was taken was reused by an unrelated process.
 */
function isAlive(holder: LockHolder): boolean {
  if (holder.host !== hostname()) return true;
  if (holder.pid === process.pid) return false;
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM"; // exists, owned by another user
  }
  const linux = linuxProcess(holder.pid);
  if (linux?.dead) return false;
  if (linux?.startedAt !== undefined && linux.startedAt > Date.parse(holder.acquiredAt) + 2_000) return false;
  return true;
}

/**
 * What Linux's /proc says about a pid: dead when it is a zombie (killed, not yet reaped by its parent: it holds no
 * files any more, yet `kill(pid, 0)` still succeeds), and its start time (ms since the epoch). Null elsewhere.
 */
function linuxProcess(pid: number): { dead: boolean; startedAt?: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the ")" that ends the command name: state (field 3) first, starttime (field 22) 20th.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const dead = fields[0] === "Z" || fields[0] === "X";
    const ticks = Number(fields[19]);
    const boot = /^btime (\d+)$/m.exec(readFileSync("/proc/stat", "utf8"));
    if (!Number.isFinite(ticks) || !boot) return { dead };
    return { dead, startedAt: Number(boot[1]) * 1000 + (ticks / 100) * 1000 }; // USER_HZ is 100 on Linux
  } catch {
    return null;
  }
}

/**
 * Removes a stale lock without ever removing a live one: the file is first renamed to a name only we use (atomic;
 * of several processes taking over at once exactly one succeeds), then checked to still be the stale lock we
 * judged. If a racer had replaced it with a fresh lock in between, that lock is linked back (link never
 * overwrites) and we try again from the start.
 */
function takeOver(file: string, stale: LockHolder | "unreadable"): void {
  if (stale === "unreadable" && !olderThan(file, 5_000)) return; // a holder may be writing it right now
  const aside = `${file}.${process.pid}.${randomUUID()}.stale`;
  try {
    renameSync(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return; // someone else took it over first
    throw error;
  }
  const moved = readHolder(aside);
  const same =
    stale === "unreadable"
      ? moved === "unreadable"
      : moved !== "missing" && moved !== "unreadable" && moved.nonce === stale.nonce;
  if (!same) {
    try {
      linkSync(aside, file);
    } catch {
      // yet another process created a lock meanwhile; it holds the folder, we will refuse on the next round
    }
  }
  unlinkSync(aside);
}

function olderThan(file: string, ms: number): boolean {
  try {
    return Date.now() - statSync(file).mtimeMs > ms;
  } catch {
    return true;
  }
}

/** Deletes the lock file if it is still ours (never someone else's lock). */
function release(file: string, holder: LockHolder): void {
  if (held().get(file)?.holder.nonce !== holder.nonce) return;
  held().delete(file);
  const current = existsSync(file) ? readHolder(file) : "missing";
  if (current !== "missing" && current !== "unreadable" && current.nonce === holder.nonce) {
    try {
      unlinkSync(file);
    } catch {
      // already gone
    }
  }
}

let exitHook = false;
/** A process that exits without closing the database (process.exit, an uncaught error) still releases its locks. */
function releaseAtExit(): void {
  if (exitHook) return;
  exitHook = true;
  process.once("exit", () => {
    for (const lock of [...held().values()]) lock.release();
  });
}
