import { randomBytes, randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { db, prisma } from "@/lib/server/db";
import { env } from "@/lib/server/env";
import { pruneAll, pruneAuthEvents, pruneOnce, pruneRefreshTokens, pruneSessions } from "@/lib/retention/prune";
import { PRUNE_INTERVAL_MS, latestPrune, pruneSoon, resetPruneSoon } from "@/lib/retention/soon";
import { checkSignIn } from "@/lib/accounts/sign-in";
import { createUser } from "@/lib/accounts/users";

// Database-backed (PGlite per file, or the run's Postgres database, where other files' rows exist too): every
// assertion is about rows this file made, or about whole-table counts before and after one call.

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const ago = (ms: number) => new Date(Date.now() - ms);
const ahead = (ms: number) => new Date(Date.now() + ms);

async function account() {
  const created = await createUser({
    email: `prune-${randomUUID()}@example.com`,
    name: "Pruner",
    password: "prune passphrase 1",
  });
  if (!created.ok) throw new Error("could not create the test user");
  return created.user;
}

async function session(userId: string, idleExpiresAt: Date, absoluteExpiresAt: Date) {
  const id = randomBytes(32).toString("hex");
  await (
    await prisma()
  ).session.create({
    data: { id, userId, idleExpiresAt, absoluteExpiresAt, createdAt: ago(40 * DAY), lastSeenAt: ago(8 * DAY) },
  });
  return id;
}

async function token(
  userId: string,
  familyId: string,
  fields: { expiresAt: Date; usedAt?: Date; revokedAt?: Date | null },
) {
  const row = await (
    await prisma()
  ).refreshToken.create({
    data: { tokenHash: randomBytes(32).toString("hex"), familyId, userId, ...fields },
  });
  return row.id;
}

async function event(createdAt: Date, userId: string | null = null) {
  const row = await (
    await prisma()
  ).authEvent.create({
    data: { userId, area: "session", type: "sign-in-failed", createdAt },
  });
  return row.id;
}

async function bucket(resetAt: Date) {
  const key = `test:prune:${randomUUID()}`;
  await (await prisma()).rateLimit.create({ data: { key, count: 3, resetAt } });
  return key;
}

const exists = {
  session: async (id: string) => (await (await prisma()).session.count({ where: { id } })) === 1,
  token: async (id: string) => (await (await prisma()).refreshToken.count({ where: { id } })) === 1,
  event: async (id: string) => (await (await prisma()).authEvent.count({ where: { id } })) === 1,
  bucket: async (key: string) => (await (await prisma()).rateLimit.count({ where: { key } })) === 1,
};

async function count(sql: string): Promise<number> {
  const rows = await (await db()).sql<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`);
  return rows[0]!.n;
}

describe("retention", () => {
  beforeEach(async () => {
    // Start every test from a clean slate of prunable rows (other files may have left some).
    await pruneAll();
    resetPruneSoon();
  });

  it("deletes sessions past their idle or absolute expiry and keeps live ones", async () => {
    const user = await account();
    const idle = await session(user.id, ago(HOUR), ahead(10 * DAY));
    const absolute = await session(user.id, ahead(HOUR), ago(1000));
    const live = await session(user.id, ahead(HOUR), ahead(10 * DAY));
    expect(await pruneSessions()).toBe(2);
    expect(await exists.session(idle)).toBe(false);
    expect(await exists.session(absolute)).toBe(false);
    expect(await exists.session(live)).toBe(true);
  });

  it("deletes refresh families that ended over a day ago; live and just-ended families, spent members included, stay", async () => {
    const user = await account();
    const expiredFamily = randomUUID();
    const expiredA = await token(user.id, expiredFamily, { expiresAt: ago(2 * DAY), usedAt: ago(3 * DAY) });
    const expiredB = await token(user.id, expiredFamily, { expiresAt: ago(2 * DAY) });
    const justExpired = await token(user.id, randomUUID(), { expiresAt: ago(HOUR) });
    const revokedFamily = randomUUID();
    const revoked = await token(user.id, revokedFamily, { expiresAt: ahead(DAY), revokedAt: ago(2 * DAY) });
    const justRevoked = await token(user.id, randomUUID(), { expiresAt: ahead(DAY), revokedAt: ago(HOUR) });
    const liveFamily = randomUUID();
    // A live family's spent member is what reuse detection catches: it must stay as long as the family lives.
    const spent = await token(user.id, liveFamily, { expiresAt: ahead(DAY), usedAt: ago(2 * DAY) });
    const head = await token(user.id, liveFamily, { expiresAt: ahead(DAY) });

    expect(await pruneRefreshTokens()).toBe(3);
    for (const id of [expiredA, expiredB, revoked]) expect(await exists.token(id)).toBe(false);
    for (const id of [justExpired, justRevoked, spent, head]) expect(await exists.token(id)).toBe(true);
  });

  it("within a revoked family deletes the unrevoked straggler first, so the family never reads as unrevoked", async () => {
    const user = await account();
    const family = randomUUID();
    const revokedA = await token(user.id, family, {
      expiresAt: ahead(DAY),
      usedAt: ago(3 * DAY),
      revokedAt: ago(2 * DAY),
    });
    const revokedB = await token(user.id, family, {
      expiresAt: ahead(DAY),
      usedAt: ago(3 * DAY),
      revokedAt: ago(2 * DAY),
    });
    // A successor inserted by a rotation that raced the revocation: not revoked itself, dead only by its family.
    const straggler = await token(user.id, family, { expiresAt: ahead(DAY) });

    expect(await pruneRefreshTokens({ batch: 1 })).toBe(1);
    expect(await exists.token(straggler)).toBe(false);
    expect((await exists.token(revokedA)) && (await exists.token(revokedB))).toBe(true);
    expect(await pruneRefreshTokens({ batch: 1 })).toBe(1);
    expect(await pruneRefreshTokens({ batch: 5 })).toBe(1);
    expect(await (await prisma()).refreshToken.count({ where: { familyId: family } })).toBe(0);
  });

  it("deletes auth events older than AUTH_EVENT_RETENTION_DAYS, anonymous ones included, and keeps recent ones", async () => {
    const user = await account();
    const days = env().AUTH_EVENT_RETENTION_DAYS;
    const oldOwned = await event(ago((days + 1) * DAY), user.id);
    const oldAnonymous = await event(ago((days + 1) * DAY));
    const recent = await event(ago((days - 1) * DAY), user.id);
    const recentAnonymous = await event(ago(HOUR));
    expect(await pruneAuthEvents()).toBe(2);
    expect(await exists.event(oldOwned)).toBe(false);
    expect(await exists.event(oldAnonymous)).toBe(false);
    expect(await exists.event(recent)).toBe(true);
    expect(await exists.event(recentAnonymous)).toBe(true);
  });

  it("deletes rate-limit buckets whose window has ended and keeps running windows", async () => {
    const ended = await bucket(ago(2 * DAY));
    const running = await bucket(ahead(10 * 60 * 1000));
    const counts = await pruneOnce();
    expect(counts.rateLimits).toBeGreaterThanOrEqual(1);
    expect(await exists.bucket(ended)).toBe(false);
    expect(await exists.bucket(running)).toBe(true);
  });

  it("respects the batch: one pass deletes at most `batch` rows per table; pruneAll loops until clean", async () => {
    const user = await account();
    const days = env().AUTH_EVENT_RETENTION_DAYS;
    for (let i = 0; i < 5; i++) {
      await session(user.id, ago(HOUR), ahead(DAY));
      await token(user.id, randomUUID(), { expiresAt: ago(2 * DAY) });
      await event(ago((days + 2) * DAY));
      await bucket(ago(DAY));
    }
    const liveSession = await session(user.id, ahead(HOUR), ahead(DAY));
    const before = {
      sessions: await count("sessions"),
      refresh: await count("refresh_tokens"),
      events: await count("auth_events"),
      buckets: await count("rate_limits"),
    };

    const first = await pruneOnce({ batch: 2 });
    expect(first).toEqual({ sessions: 2, refreshTokens: 2, rateLimits: 2, authEvents: 2, labIdentities: 0 });
    // Whole-table counts: exactly two rows fewer per table, whatever else the table holds.
    expect(await count("sessions")).toBe(before.sessions - 2);
    expect(await count("refresh_tokens")).toBe(before.refresh - 2);
    expect(await count("auth_events")).toBe(before.events - 2);
    expect(await count("rate_limits")).toBe(before.buckets - 2);

    const rest = await pruneAll({ batch: 2 });
    expect(rest.complete).toBe(true);
    expect(rest.pruned).toEqual({ sessions: 3, refreshTokens: 3, rateLimits: 3, authEvents: 3, labIdentities: 0 });
    expect(rest.rounds).toBe(2);
    expect(await exists.session(liveSession)).toBe(true);
  });

  it("stops at the time budget and says it is not complete", async () => {
    const user = await account();
    for (let i = 0; i < 3; i++) await session(user.id, ago(HOUR), ahead(DAY));
    const result = await pruneAll({ batch: 1, budgetMs: 0 });
    expect(result).toMatchObject({ complete: false, rounds: 1 });
    expect(result.pruned.sessions).toBe(1);
  });

  it("runs opportunistically after a sign-in attempt, at most once per interval per process", async () => {
    const user = await account();
    const expired = await session(user.id, ago(HOUR), ahead(DAY));
    const attempt = await checkSignIn(
      { email: `nobody-${randomUUID()}@example.com`, password: "not the password" },
      new Headers({ "x-forwarded-for": "198.51.100.77", "user-agent": "vitest" }),
      "session",
    );
    expect(attempt.ok).toBe(false); // a failed attempt triggers it too (floods are failures)
    const pass = latestPrune();
    expect(pass).not.toBeNull();
    expect((await pass)!.sessions).toBeGreaterThanOrEqual(1);
    expect(await exists.session(expired)).toBe(false);

    // Within the interval: nothing starts, the expired row stays until the next interval.
    const again = await session(user.id, ago(HOUR), ahead(DAY));
    expect(pruneSoon()).toBeNull();
    expect(pruneSoon({ now: Date.now() + PRUNE_INTERVAL_MS - 5_000 })).toBeNull();
    expect(await exists.session(again)).toBe(true);
    const later = pruneSoon({ now: Date.now() + PRUNE_INTERVAL_MS + 1_000 });
    expect(later).not.toBeNull();
    await later;
    expect(await exists.session(again)).toBe(false);
  });

  it("logs a failed opportunistic pass and never throws it to the caller", async () => {
    const original = console.error;
    const logged: unknown[] = [];
    console.error = (...args: unknown[]) => void logged.push(args[0]);
    const database = await db();
    const sql = database.sql;
    database.sql = async () => {
      throw new Error("boom");
    };
    try {
      const pass = pruneSoon();
      expect(pass).not.toBeNull();
      expect(await pass).toBeNull();
    } finally {
      database.sql = sql;
      console.error = original;
    }
    expect(String(logged[0])).toMatch(/Opportunistic prune failed/);
  });
});
