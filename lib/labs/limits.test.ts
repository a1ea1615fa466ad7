import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { hitLabLimit, LAB_LIMITS } from "@/lib/labs/limits";

/** The labs' per-account limits, on the real database: the heavy cost lab has its own, tighter counter. */
describe("how often an account may run the labs", () => {
  it("the cost lab: 4 a minute, then refused without writing; the other labs keep their own 30", async () => {
    const userId = randomUUID();
    for (let i = 0; i < LAB_LIMITS.cost.limit; i++) expect((await hitLabLimit("cost", userId)).ok).toBe(true);
    const refused = await hitLabLimit("cost", userId);
    expect(refused.ok).toBe(false);
    expect(refused.retryAfterSeconds).toBeGreaterThan(0);
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(60);
    const rows = await (
      await db()
    ).sql<{ count: number }>(`SELECT count FROM rate_limits WHERE key = $1`, [`labs:cost:account:${userId}`]);
    expect(rows[0]?.count).toBe(LAB_LIMITS.cost.limit);
    expect((await hitLabLimit("replay", userId)).ok).toBe(true);
  });

  it("the other labs: 30 a minute", async () => {
    const userId = randomUUID();
    for (let i = 0; i < LAB_LIMITS.default.limit; i++) expect((await hitLabLimit("replay", userId)).ok).toBe(true);
    expect((await hitLabLimit("cross-site", userId)).ok).toBe(false);
    expect((await hitLabLimit("cost", userId)).ok).toBe(true);
  });
});
