import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db, prisma } from "@/lib/server/db";
import { env } from "@/lib/server/env";
import {
  hashRefreshToken,
  issueRefreshToken,
  listRefreshTokens,
  newRefreshToken,
  revokeFamilyOf,
  rotateRefreshToken,
} from "@/lib/token/bearer/internal/refresh-store";
import { revokeAllBearer } from "@/lib/token/bearer/revoke";
import { createUser } from "@/lib/accounts/users";

async function account() {
  const created = await createUser({
    email: `refresh-${randomUUID()}@example.com`,
    name: "Refresher",
    password: "refresh passphrase 1",
  });
  if (!created.ok) throw new Error("could not create the test user");
  return created.user;
}

async function rowsOf(familyId: string) {
  return (await prisma()).refreshToken.findMany({ where: { familyId }, orderBy: { createdAt: "asc" } });
}

describe("refresh tokens", () => {
  it("are opaque, stored only as their SHA-256, and start a family that expires after BEARER_REFRESH_TTL", async () => {
    const user = await account();
    const issued = await issueRefreshToken(user.id, { ip: "203.0.113.5", userAgent: "vitest" });
    expect(issued.token).toMatch(/^svt_rt_[A-Za-z0-9_-]{43}$/);
    const [row] = await rowsOf(issued.familyId);
    expect(row!.tokenHash).toBe(hashRefreshToken(issued.token));
    expect(row!.tokenHash).not.toContain(issued.token.slice(7, 20));
    const ttl = (row!.expiresAt.getTime() - row!.createdAt.getTime()) / 1000;
    expect(Math.abs(ttl - env().BEARER_REFRESH_TTL)).toBeLessThan(5);
    const raw = await (
      await db()
    ).sql<{ n: number }>(`SELECT count(*)::int AS n FROM refresh_tokens WHERE token_hash = $1 OR ip = $1`, [
      issued.token,
    ]);
    expect(raw[0]!.n).toBe(0);
  });

  it("rotate on every use: the presented token is spent, its successor joins the family with the same expiry", async () => {
    const user = await account();
    const first = await issueRefreshToken(user.id);
    const second = await rotateRefreshToken(first.token, { ip: "203.0.113.6" });
    expect(second.ok).toBe(true);
    if (!second.ok) return;
    expect(second.token).not.toBe(first.token);
    expect(second.familyId).toBe(first.familyId);
    expect(second.user).toEqual({ id: user.id, name: user.name, email: user.email });
    expect(second.expiresAt.getTime()).toBe(first.expiresAt.getTime());
    const third = await rotateRefreshToken(second.token);
    expect(third.ok).toBe(true);
    const rows = await rowsOf(first.familyId);
    expect(rows).toHaveLength(3);
    expect(rows.map((r) => [r.usedAt !== null, r.revokedAt !== null])).toEqual([
      [true, false],
      [true, false],
      [false, false],
    ]);
  });

  it("reuse of a spent token revokes the whole family, including the legitimate newest token", async () => {
    const user = await account();
    const first = await issueRefreshToken(user.id);
    const second = await rotateRefreshToken(first.token);
    if (!second.ok) throw new Error("rotation failed");
    const replay = await rotateRefreshToken(first.token);
    expect(replay).toMatchObject({
      ok: false,
      reason: "reused",
      userId: user.id,
      familyId: first.familyId,
      revokedNow: 2,
    });
    expect(await rotateRefreshToken(second.token)).toEqual({ ok: false, reason: "revoked" });
    expect((await rowsOf(first.familyId)).every((r) => r.revokedAt !== null)).toBe(true);
    // Another sign-in (another family) of the same user is untouched.
    const other = await issueRefreshToken(user.id);
    expect((await rotateRefreshToken(other.token)).ok).toBe(true);
  });

  it("refuses unknown, malformed and expired tokens", async () => {
    expect(await rotateRefreshToken(newRefreshToken())).toEqual({ ok: false, reason: "unknown" });
    for (const bad of ["", "svt_rt_short", "x".repeat(5000), 42, null, { token: "x" }]) {
      expect(await rotateRefreshToken(bad)).toEqual({ ok: false, reason: "unknown" });
    }
    const user = await account();
    const issued = await issueRefreshToken(user.id);
    await (
      await db()
    ).sql(`UPDATE refresh_tokens SET expires_at = now() - interval '1 second' WHERE family_id = $1`, [issued.familyId]);
    expect(await rotateRefreshToken(issued.token)).toEqual({ ok: false, reason: "expired" });
  });

  it("20 concurrent refreshes of one token: exactly one succeeds, and the reuse revokes the family", async () => {
    const user = await account();
    const issued = await issueRefreshToken(user.id);
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => rotateRefreshToken(issued.token)));
    const winners = outcomes.filter((o) => o.ok);
    expect(winners).toHaveLength(1);
    expect(outcomes.filter((o) => !o.ok && (o.reason === "reused" || o.reason === "revoked"))).toHaveLength(19);
    const rows = await rowsOf(issued.familyId);
    // The original plus exactly one successor: no double spend.
    expect(rows).toHaveLength(2);
    expect(rows.filter((r) => r.usedAt !== null)).toHaveLength(1);
    // Nineteen presentations of a spent token look exactly like theft: the family is revoked.
    expect(rows.every((r) => r.revokedAt !== null)).toBe(true);
    const winner = winners[0]!;
    if (winner.ok) expect(await rotateRefreshToken(winner.token)).toEqual({ ok: false, reason: "revoked" });
  });

  it("sign-out revokes the family of the presented token (spent or live) and nothing else", async () => {
    const user = await account();
    const first = await issueRefreshToken(user.id);
    const second = await rotateRefreshToken(first.token);
    if (!second.ok) throw new Error("rotation failed");
    const other = await issueRefreshToken(user.id);
    expect(await revokeFamilyOf(first.token)).toEqual({ userId: user.id, familyId: first.familyId, revokedNow: 2 });
    expect(await rotateRefreshToken(second.token)).toEqual({ ok: false, reason: "revoked" });
    expect(await revokeFamilyOf(second.token)).toMatchObject({ revokedNow: 0 });
    expect(await revokeFamilyOf(newRefreshToken())).toBeNull();
    expect(await revokeFamilyOf("not a token")).toBeNull();
    expect((await rotateRefreshToken(other.token)).ok).toBe(true);
  });

  it("a successor that a racing rotation added while sign-out revoked the family can never be used", async () => {
    // The interleaving, made deterministic: sign-out's UPDATE took its snapshot before a concurrent rotation
    // committed, so it revoked the spent token but never saw the successor (read committed).
    const user = await account();
    const first = await issueRefreshToken(user.id);
    const successor = await rotateRefreshToken(first.token);
    if (!successor.ok) throw new Error("rotation failed");
    await (
      await db()
    ).sql(`UPDATE refresh_tokens SET revoked_at = now() WHERE token_hash = $1`, [hashRefreshToken(first.token)]);
    // By hash, not by created_at: a rotation in the same millisecond gives both rows one timestamp.
    const live = async (token: string) =>
      (await rowsOf(first.familyId)).find((r) => r.tokenHash === hashRefreshToken(token))?.revokedAt === null;
    expect([await live(first.token), await live(successor.token)]).toEqual([false, true]);

    expect(await rotateRefreshToken(successor.token)).toEqual({ ok: false, reason: "revoked" });
    // …and the straggler is revoked too, so the family reads as revoked everywhere (the token list, sign-out).
    expect((await rowsOf(first.familyId)).every((r) => r.revokedAt !== null)).toBe(true);
    expect(await rotateRefreshToken(successor.token)).toEqual({ ok: false, reason: "revoked" });
  });

  it("revokeAllBearer revokes every family of the user only", async () => {
    const user = await account();
    const bystander = await account();
    const a = await issueRefreshToken(user.id);
    const b = await issueRefreshToken(user.id);
    const c = await issueRefreshToken(bystander.id);
    expect(await revokeAllBearer(user.id)).toBe(2);
    expect(await rotateRefreshToken(a.token)).toEqual({ ok: false, reason: "revoked" });
    expect(await rotateRefreshToken(b.token)).toEqual({ ok: false, reason: "revoked" });
    expect((await rotateRefreshToken(c.token)).ok).toBe(true);
    expect(await revokeAllBearer(randomUUID())).toBe(0);
  });

  it("lists a user's rows with hash prefixes only", async () => {
    const user = await account();
    const issued = await issueRefreshToken(user.id);
    const rotated = await rotateRefreshToken(issued.token);
    if (!rotated.ok) throw new Error("rotation failed");
    const rows = await listRefreshTokens(user.id);
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.hashPrefix.length === 16 && r.familyId === issued.familyId)).toBe(true);
    expect(JSON.stringify(rows)).not.toContain(issued.token);
    expect(JSON.stringify(rows)).not.toContain(rotated.token);
    expect(rows.map((r) => r.usedAt !== null).sort()).toEqual([false, true]);
  });
});
