import { randomUUID } from "node:crypto";
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { constraintKind } from "@/lib/server/db/error-codes";
import { db, prisma } from "@/lib/server/db";
import { json, route } from "@/lib/security/http";

// Runs on PGlite (npm test) and on Postgres (CI's second pass, DATABASE_URL set): the same Prisma codes on both.
// With a driver adapter of another Prisma major than the client's, a malformed uuid surfaced as
// "Unknown error: [object Object]" with no code and no SQLSTATE (docs/decisions/0091-one-prisma-major.md).
const where = process.env.DATABASE_URL ? "Postgres (node-postgres)" : "PGlite";

async function failure(promise: Promise<unknown>): Promise<{ code?: string; message: string }> {
  const outcome = await promise.then(
    () => null,
    (error: unknown) => error,
  );
  expect(outcome, "the query should have failed").toBeInstanceOf(Error);
  return outcome as { code?: string; message: string };
}

async function newUser() {
  return (await prisma()).user.create({
    data: { email: `codes-${randomUUID()}@example.com`, name: "Codes", passwordHash: "not-a-real-hash" },
  });
}

const request = () => new NextRequest("http://localhost/api/test", { method: "POST" });

describe(`Prisma error codes on ${where}`, () => {
  it("P2002 for a duplicate unique value", async () => {
    const user = await newUser();
    const error = await failure(
      (await prisma()).user.create({ data: { email: user.email, name: "Twin", passwordHash: "x" } }),
    );
    expect(error.code).toBe("P2002");
    expect(constraintKind(error)).toBe("unique");
  });

  it("P2003 for a row whose user does not exist", async () => {
    const error = await failure(
      (await prisma()).refreshToken.create({
        data: {
          tokenHash: randomUUID(),
          familyId: randomUUID(),
          userId: randomUUID(),
          expiresAt: new Date(Date.now() + 60_000),
        },
      }),
    );
    expect(error.code).toBe("P2003");
    expect(constraintKind(error)).toBe("foreign-key");
  });

  it("P2007 for a malformed uuid, not an unknown error", async () => {
    const error = await failure((await prisma()).user.findUnique({ where: { id: "not-a-uuid" } }));
    expect(error.code).toBe("P2007");
    expect(error.message).not.toMatch(/\[object Object\]|Unknown error/);
    // The driver's own report reached the client intact: Postgres's SQLSTATE for invalid text input.
    expect((error as { cause?: { cause?: { originalCode?: string; code?: string } } }).cause?.cause).toMatchObject(
      process.env.DATABASE_URL ? { originalCode: "22P02" } : { code: "22P02" },
    );
    expect(constraintKind(error)).toBe("invalid-value");
  });

  it("the raw sql() path reports the same rules by SQLSTATE", async () => {
    const database = await db();
    const user = await newUser();
    const duplicate = await failure(
      database.sql(
        "INSERT INTO users (id, email, name, password_hash, updated_at) VALUES (gen_random_uuid(), $1, 'x', 'x', now())",
        [user.email],
      ),
    );
    expect(constraintKind(duplicate)).toBe("unique");
    // What a sign-in racing the deletion of its account writes: a session row for a user that is gone.
    const orphan = await failure(
      database.sql(
        `INSERT INTO sessions (id, user_id, idle_expires_at, absolute_expires_at) VALUES ($1, $2, now(), now())`,
        [randomUUID(), randomUUID()],
      ),
    );
    expect(constraintKind(orphan)).toBe("foreign-key");
    const malformed = await failure(database.sql("SELECT id FROM users WHERE id = $1", ["not-a-uuid"]));
    expect(constraintKind(malformed)).toBe("invalid-value");
  });
});

describe(`route handlers answer integrity errors with a clear 4xx on ${where}`, () => {
  const cases = [
    {
      name: "a duplicate → 409",
      status: 409,
      run: async () => {
        const user = await newUser();
        await (await prisma()).user.create({ data: { email: user.email, name: "Twin", passwordHash: "x" } });
      },
    },
    {
      name: "a deleted account (foreign key) → 409",
      status: 409,
      run: async () => {
        const user = await newUser();
        await (await prisma()).user.delete({ where: { id: user.id } });
        await (
          await db()
        ).sql(
          `INSERT INTO sessions (id, user_id, idle_expires_at, absolute_expires_at) VALUES ($1, $2, now(), now())`,
          [randomUUID(), user.id],
        );
      },
    },
    {
      name: "a malformed uuid → 400",
      status: 400,
      run: async () => {
        await (await prisma()).user.findUnique({ where: { id: "not-a-uuid" } });
      },
    },
  ];
  for (const { name, status, run } of cases) {
    it(name, async () => {
      const handler = route(async () => {
        await run();
        return json({ ok: true });
      });
      const response = await handler(request(), undefined);
      expect(response.status).toBe(status);
      const body = (await response.json()) as { error: string };
      expect(body.error).toMatch(/\w/);
      expect(JSON.stringify(body)).not.toMatch(/P20|constraint|prisma|stack/i);
    });
  }
});
