import { randomUUID } from "node:crypto";
import { afterAll, beforeEach, describe, expect, it } from "vitest";

// A small global bound, read when env() is first parsed (lazily, after this line): three owners fill it.
process.env.LAB_IDENTITIES_MAX = "12";

import { db, prisma } from "@/lib/server/db";
import {
  createLabIdentity,
  deleteLabIdentity,
  findLabIdentity,
  labEmail,
  labIdentitiesOf,
  LAB_IDENTITIES_PER_OWNER,
  renameLabIdentity,
} from "@/lib/accounts/lab-identities";
import { confirmPassword } from "@/lib/accounts/confirm-password";
import { checkSignIn, INVALID_CREDENTIALS } from "@/lib/accounts/sign-in";
import { createUser, signUpFieldsSchema, verifyCredentials } from "@/lib/accounts/users";
import { recordEvent } from "@/lib/accounts/audit-log";
import { pruneLabIdentities } from "@/lib/retention/prune";
import { env } from "@/lib/server/env";

/**
 * Lab identities (SECURITY.md "Lab identities"): the throw-away accounts the /compare labs act on. Database-backed:
 * every property is checked on real rows.
 */

const PASSWORD = "a lab owner's long passphrase";

async function owner() {
  const created = await createUser({ email: `owner-${randomUUID()}@example.com`, name: "Owner", password: PASSWORD });
  if (!created.ok) throw new Error("could not create the owner");
  return created.user;
}

async function make(ownerId: string) {
  const made = await createLabIdentity(ownerId, "Lab identity · test");
  if (!made.ok) throw new Error(`no lab identity: ${made.reason}`);
  return made.identity;
}

const clearAll = async () => (await db()).sql(`DELETE FROM users WHERE lab_owner_id IS NOT NULL`);

beforeEach(clearAll);
afterAll(clearAll);

describe("a lab identity", () => {
  it("has no password, names its owner, and an email sign-up can never produce", async () => {
    const o = await owner();
    const identity = await make(o.id);
    const row = (await (await prisma()).user.findUnique({ where: { id: identity.id } }))!;
    expect(row.passwordHash).toBeNull();
    expect(row.labOwnerId).toBe(o.id);
    expect(row.email).toBe(labEmail(identity.id));
    expect(signUpFieldsSchema.safeParse({ email: row.email, name: "x", password: PASSWORD }).success).toBe(false);
    expect(identity.expiresAt.getTime() - identity.createdAt.getTime()).toBe(env().LAB_IDENTITY_LIFETIME * 1000);
    expect(identity.name).toBe(`Lab identity · test ${identity.id.slice(0, 4)}`);
    expect(identity.name).not.toContain("Owner");
  });

  it("cannot sign in: the same answer as a wrong password, after the same argon2id work", async () => {
    const o = await owner();
    const identity = await make(o.id);
    expect(await verifyCredentials(identity.email, "")).toBeNull();
    expect(await verifyCredentials(identity.email, PASSWORD)).toBeNull();
    const headers = new Headers({ "x-forwarded-for": "198.51.100.31" });
    const lab = await checkSignIn({ email: identity.email, password: "anything at all" }, headers, "session");
    const wrong = await checkSignIn({ email: o.email, password: "not the password" }, headers, "session");
    expect(lab).toEqual({ ok: false, status: 401, error: INVALID_CREDENTIALS });
    expect(lab).toEqual(wrong);
    // The same work: both verify one argon2id hash. Timed loosely (shared machine): the lab path is never a fast path.
    const time = async (email: string) => {
      const start = performance.now();
      await verifyCredentials(email, "not the password");
      return performance.now() - start;
    };
    const [labMs, wrongMs] = [await time(identity.email), await time(o.email)];
    expect(labMs).toBeGreaterThan(wrongMs / 4);
  });

  it("cannot confirm a password either (password change, revocation mode off, deletion)", async () => {
    const o = await owner();
    const identity = await make(o.id);
    const confirmed = await confirmPassword(identity.id, PASSWORD, "198.51.100.32");
    expect(confirmed.ok).toBe(false);
    expect(confirmed).toMatchObject({ status: 401 });
  });

  it("is refused as an owner: a lab identity cannot own lab identities", async () => {
    const o = await owner();
    const identity = await make(o.id);
    expect(await createLabIdentity(identity.id, "nested")).toEqual({ ok: false, reason: "owner-not-eligible" });
    expect(await createLabIdentity(randomUUID(), "nobody")).toEqual({ ok: false, reason: "owner-not-eligible" });
  });

  it("is bounded per owner: the newest five stay, older ones are deleted with everything they hold", async () => {
    const o = await owner();
    const made = [];
    for (let i = 0; i < LAB_IDENTITIES_PER_OWNER + 2; i++) made.push(await make(o.id));
    const left = await labIdentitiesOf(o.id);
    expect(left.map((l) => l.id)).toEqual(
      made
        .slice(2)
        .reverse()
        .map((l) => l.id),
    );
    expect(await findLabIdentity(made[0]!.id, o.id)).toBeNull();
  });

  it("is bounded in all: past LAB_IDENTITIES_MAX a new one is refused and nothing is left behind", async () => {
    const owners = [await owner(), await owner(), await owner()];
    for (const o of owners.slice(0, 2)) for (let i = 0; i < 5; i++) await make(o.id);
    for (let i = 0; i < 2; i++) await make(owners[2]!.id);
    const count = async () =>
      (await (await db()).sql<{ n: number }>(`SELECT count(*)::int AS n FROM users WHERE lab_owner_id IS NOT NULL`))[0]!
        .n;
    expect(await count()).toBe(12);
    expect(await createLabIdentity(owners[2]!.id, "one too many")).toEqual({ ok: false, reason: "busy" });
    expect(await count()).toBe(12);
  });

  it("is another owner's to nobody: find, rename and delete need the owner", async () => {
    const [a, b] = [await owner(), await owner()];
    const identity = await make(a.id);
    expect(await findLabIdentity(identity.id, b.id)).toBeNull();
    expect((await renameLabIdentity(identity.id, b.id, "Mine now")).ok).toBe(false);
    expect(await deleteLabIdentity(identity.id, b.id)).toBe(false);
    // Nor can a real account be renamed or deleted through these: it has no owner.
    expect((await renameLabIdentity(b.id, a.id, "Renamed")).ok).toBe(false);
    expect(await deleteLabIdentity(b.id, a.id)).toBe(false);
    expect((await (await prisma()).user.findUnique({ where: { id: b.id } }))?.name).toBe("Owner");
    const renamed = await renameLabIdentity(identity.id, a.id, "Renamed lab identity");
    expect(renamed).toMatchObject({ ok: true, name: "Renamed lab identity" });
  });

  it("keeps its events on itself, and goes with its owner", async () => {
    const o = await owner();
    const identity = await make(o.id);
    await recordEvent({ userId: identity.id, area: "session", type: "sign-in", detail: "lab" });
    expect(await (await prisma()).authEvent.count({ where: { userId: o.id, detail: "lab" } })).toBe(0);
    await (await prisma()).user.delete({ where: { id: o.id } });
    expect(await (await prisma()).user.count({ where: { id: identity.id } })).toBe(0);
    expect(await (await prisma()).authEvent.count({ where: { userId: identity.id } })).toBe(0);
  });

  it("is pruned once LAB_IDENTITY_LIFETIME has passed, with its rows; real accounts never are", async () => {
    const o = await owner();
    const identity = await make(o.id);
    await (
      await db()
    ).sql(
      `INSERT INTO sessions (id, user_id, idle_expires_at, absolute_expires_at) VALUES ($1, $2, now() + interval '1 day', now() + interval '1 day')`,
      [randomUUID(), identity.id],
    );
    expect(await pruneLabIdentities()).toBe(0);
    const later = new Date(Date.now() + env().LAB_IDENTITY_LIFETIME * 1000 + 1000);
    expect(await pruneLabIdentities({ now: later })).toBe(1);
    expect(await (await prisma()).user.count({ where: { id: identity.id } })).toBe(0);
    expect(await (await prisma()).session.count({ where: { userId: identity.id } })).toBe(0);
    // Far in the future every real account is older than a lab identity's lifetime: none is touched.
    expect(await pruneLabIdentities({ now: new Date(Date.now() + 400 * 86_400_000) })).toBe(0);
    expect(await (await prisma()).user.count({ where: { id: o.id } })).toBe(1);
  });

  it("cannot exist with a password, nor a real account without one (the CHECK constraint)", async () => {
    const o = await owner();
    const id = randomUUID();
    await expect(
      (await db()).sql(
        `INSERT INTO users (id, email, name, password_hash, lab_owner_id, updated_at) VALUES ($1, $2, 'x', 'hash', $3, now())`,
        [id, labEmail(id), o.id],
      ),
    ).rejects.toThrow();
    await expect(
      (await db()).sql(
        `INSERT INTO users (id, email, name, password_hash, updated_at) VALUES ($1, $2, 'x', NULL, now())`,
        [id, `nopass-${id}@example.com`],
      ),
    ).rejects.toThrow();
  });
});
