import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { totalQueries, withQueryCount } from "@/lib/server/query-count";

describe("withQueryCount", () => {
  it("counts raw and Prisma queries of the request that issued them, and nothing else", async () => {
    const database = await db();
    const raw = await withQueryCount(() => database.sql("SELECT 1 AS one"));
    expect(raw).toEqual({ result: [{ one: 1 }], queries: 1 });

    const orm = await withQueryCount(() => database.prisma.user.findUnique({ where: { email: "nobody@example.com" } }));
    expect(orm.queries).toBe(1);

    const none = await withQueryCount(async () => "no database");
    expect(none.queries).toBe(0);

    // Concurrent contexts do not see each other's queries.
    const [a, b] = await Promise.all([
      withQueryCount(async () => {
        await database.sql("SELECT 1");
        await database.sql("SELECT 2");
      }),
      withQueryCount(() => database.sql("SELECT 3")),
    ]);
    expect([a.queries, b.queries]).toEqual([2, 1]);
    expect(totalQueries()).toBeGreaterThanOrEqual(5);
  });
});
