import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db, prisma } from "@/lib/server/db";
import { totalQueries, withQueryCount } from "@/lib/server/query-count";
import { findSessionWithUser } from "@/lib/session/internal/lookup";
import { deleteSession, insertSession, type SessionRow } from "@/lib/session/internal/store";

/**
 * The batched session lookup against a real database (PGlite, or Postgres when DATABASE_URL is set): concurrent
 * lookups share one statement, each still gets its own row, and nothing is answered from an earlier statement.
 */

async function newSession(): Promise<SessionRow & { email: string }> {
  const email = `lookup-${randomUUID()}@example.com`;
  const user = await (await prisma()).user.create({ data: { email, name: "Lookup Tester", passwordHash: "x" } });
  const now = Date.now();
  const row: SessionRow = {
    id: randomUUID(),
    userId: user.id,
    createdAt: new Date(now),
    lastSeenAt: new Date(now),
    idleExpiresAt: new Date(now + 3_600_000),
    absoluteExpiresAt: new Date(now + 86_400_000),
    userAgent: "test",
    ip: null,
    idleSeconds: null,
  };
  await insertSession(row);
  return { ...row, email };
}

beforeAll(async () => {
  await db();
});

describe("findSessionWithUser", () => {
  it("answers concurrent lookups with one statement, each with its own row (or null)", async () => {
    const [a, b] = [await newSession(), await newSession()];
    const before = totalQueries();
    const found = await Promise.all([a.id, b.id, "no-such-session", a.id].map((id) => findSessionWithUser(id)));
    expect(totalQueries() - before).toBe(1);

    expect(found.map((f) => f?.user.email ?? null)).toEqual([a.email, b.email, null, a.email]);
    expect(found[0]!.row).toEqual({
      id: a.id,
      userId: a.userId,
      createdAt: a.createdAt,
      lastSeenAt: a.lastSeenAt,
      idleExpiresAt: a.idleExpiresAt,
      absoluteExpiresAt: a.absoluteExpiresAt,
      userAgent: "test",
      ip: null,
      idleSeconds: null,
    });
    // The same session twice in one batch: equal, but never one object shared by two requests.
    expect(found[3]).toEqual(found[0]);
    expect(found[3]).not.toBe(found[0]);
  });

  it("counts one query for each request's lookup, whoever's request sent the statement", async () => {
    const [a, b] = [await newSession(), await newSession()];
    const counts = await Promise.all(
      [a.id, b.id, a.id].map((id) => withQueryCount(() => findSessionWithUser(id)).then((r) => r.queries)),
    );
    expect(counts).toEqual([1, 1, 1]);
  });

  it("never answers from an earlier statement: a deleted session is gone for the next lookup", async () => {
    const a = await newSession();
    expect((await findSessionWithUser(a.id))?.row.id).toBe(a.id);
    await deleteSession(a.id);
    expect(await findSessionWithUser(a.id)).toBeNull();
  });

  it("sends a lone lookup at once, in a batch of one", async () => {
    const a = await newSession();
    const before = totalQueries();
    expect((await findSessionWithUser(a.id))?.user.email).toBe(a.email);
    expect(totalQueries() - before).toBe(1);
  });
});
