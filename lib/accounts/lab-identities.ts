import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { User } from "@/generated/prisma/client";
import { db, prisma } from "@/lib/server/db";
import { env } from "@/lib/server/env";
import { pruneLabIdentities } from "@/lib/retention/prune";
import { recordEvent } from "@/lib/accounts/audit-log";
import { nameSchema } from "@/lib/accounts/users";
import { fieldErrors } from "@/lib/security/json";
import type { FieldErrors } from "@/lib/security/http";
import type { ClientMeta } from "@/lib/server/request-meta";

/**
 * Lab identities: the throw-away accounts the /compare labs act on, so that no lab ever touches the account of the
 * person running it (docs/decisions/0041-lab-identities.md, SECURITY.md "Lab identities").
 *
 * A lab identity is a `users` row with `lab_owner_id` set to the signed-in account that ran the lab, and
 *   - no password hash (a CHECK constraint: a row has a password hash exactly when it has no owner), so every
 *     sign-in path refuses it with the same answer and the same work as a wrong password
 *     (`verifyCredentials`, `confirmPassword`);
 *   - an email no real account can have: `lab-<uuid>@lab-identity` has no dot in its domain, which sign-up's email
 *     check refuses (lib/accounts/lab-identities.test.ts);
 *   - its own sessions, refresh tokens and lifecycle log, deleted with it by the existing cascades — its events never
 *     reach the owner's log;
 *   - a bounded number: at most LAB_IDENTITIES_PER_OWNER per owner (the oldest goes first) and LAB_IDENTITIES_MAX
 *     in all (past it, after pruning what has expired, a lab is refused);
 *   - a bounded life: retention deletes it LAB_IDENTITY_LIFETIME (an hour) after it was made
 *     (lib/retention/prune.ts `pruneLabIdentities`), and deleting the owner deletes it at once (ON DELETE CASCADE).
 * Only the credential policy mints its credentials (`mintLabCredentials`), and only for the owner that is signed in.
 */

export const LAB_IDENTITIES_PER_OWNER = 5;

const LAB_EMAIL_DOMAIN = "lab-identity";

export type LabIdentity = {
  id: string;
  name: string;
  email: string;
  ownerId: string;
  tokenVersion: number;
  jwtRevocation: boolean;
  createdAt: Date;
  /** When retention deletes it (and the latest any of its credentials may end). */
  expiresAt: Date;
};

/** The email of a lab identity: refused by sign-up's email check, so never a real account's. */
export function labEmail(id: string): string {
  return `lab-${id}@${LAB_EMAIL_DOMAIN}`;
}

export function isLabIdentity(user: Pick<User, "labOwnerId">): boolean {
  return user.labOwnerId !== null;
}

const lifetimeMs = () => env().LAB_IDENTITY_LIFETIME * 1000;
/** Ids come from requests and results: anything that is not a UUID names no row (and never reaches a query). */
const isId = (id: string) => z.uuid().safeParse(id).success;

function toIdentity(user: User): LabIdentity {
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    ownerId: user.labOwnerId!,
    tokenVersion: user.tokenVersion,
    jwtRevocation: user.jwtRevocation,
    createdAt: user.createdAt,
    expiresAt: new Date(user.createdAt.getTime() + lifetimeMs()),
  };
}

export type NewLabIdentity =
  { ok: true; identity: LabIdentity; evicted: number } | { ok: false; reason: "owner-not-eligible" | "busy" };

const NAME_MAX = 80;
// The name says nothing about the owner ("Lab identity 3f2a"): a lab's result never carries the owner's data.

/**
 * Makes a lab identity for `ownerId`, a real account (never a lab identity: an identity cannot own identities).
 * Bounded without a lock: the row is inserted first, then the owner's identities beyond the newest
 * LAB_IDENTITIES_PER_OWNER are deleted (oldest first), then the total is counted — past LAB_IDENTITIES_MAX,
 * expired identities are pruned and the total counted again, and if it is still over, this one is deleted and the
 * lab refused. Concurrent creators can each see the others' rows, so the bound can only be undershot, never kept
 * exceeded once they are done.
 */
export async function createLabIdentity(ownerId: string, label: string): Promise<NewLabIdentity> {
  if (!isId(ownerId)) return { ok: false, reason: "owner-not-eligible" };
  const database = await db();
  const id = randomUUID();
  const inserted = await database.sql<{ id: string }>(
    `INSERT INTO users (id, email, name, password_hash, lab_owner_id, updated_at)
     SELECT $1, $2, $3, NULL, u.id, now()
       FROM users u
      WHERE u.id = $4 AND u.lab_owner_id IS NULL AND u.password_hash IS NOT NULL
     RETURNING id`,
    [id, labEmail(id), `${label} ${id.slice(0, 4)}`.slice(0, NAME_MAX), ownerId],
    "lab_identity_insert",
  );
  if (inserted.length === 0) return { ok: false, reason: "owner-not-eligible" };

  // FOR UPDATE locks the rows to evict in the subquery's order, so concurrent evictions for one owner queue on the
  // same first row instead of locking the same rows in different orders (a deadlock, seen 2 in 2 400 runs on
  // Postgres when the plan hashed the ids).
  const evicted = await database.sql(
    `DELETE FROM users WHERE id IN (
       SELECT id FROM users WHERE lab_owner_id = $1 ORDER BY created_at DESC, id DESC OFFSET $2 FOR UPDATE
     ) RETURNING 1`,
    [ownerId, LAB_IDENTITIES_PER_OWNER],
    "lab_identity_evict",
  );

  const total = async () =>
    (
      await database.sql<{ n: number }>(
        `SELECT count(*)::int AS n FROM users WHERE lab_owner_id IS NOT NULL`,
        [],
        "lab_identity_count",
      )
    )[0]!.n;
  if ((await total()) > env().LAB_IDENTITIES_MAX) {
    await pruneLabIdentities();
    if ((await total()) > env().LAB_IDENTITIES_MAX) {
      await deleteLabIdentity(id, ownerId);
      return { ok: false, reason: "busy" };
    }
  }
  const user = await (await prisma()).user.findUnique({ where: { id } });
  // Evicted by a concurrent lab of the same owner between the two statements: as busy as the global bound.
  if (!user) return { ok: false, reason: "busy" };
  return { ok: true, identity: toIdentity(user), evicted: evicted.length };
}

/** The lab identity `id` if `ownerId` owns it and it has not expired; null otherwise. */
export async function findLabIdentity(id: string, ownerId: string, now = new Date()): Promise<LabIdentity | null> {
  if (!isId(id) || !isId(ownerId)) return null;
  const user = await (await prisma()).user.findFirst({ where: { id, labOwnerId: ownerId } });
  if (!user) return null;
  const identity = toIdentity(user);
  return identity.expiresAt.getTime() > now.getTime() ? identity : null;
}

/** The owner's lab identities, newest first (at most LAB_IDENTITIES_PER_OWNER, plus any not yet pruned). */
export async function labIdentitiesOf(ownerId: string): Promise<LabIdentity[]> {
  const users = await (
    await prisma()
  ).user.findMany({
    where: { labOwnerId: ownerId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
  return users.map(toIdentity);
}

/** Deletes one of the owner's lab identities, and with it everything it holds; whether it existed. */
export async function deleteLabIdentity(id: string, ownerId: string): Promise<boolean> {
  if (!isId(id) || !isId(ownerId)) return false;
  const rows = await (
    await db()
  ).sql(`DELETE FROM users WHERE id = $1 AND lab_owner_id = $2 RETURNING 1`, [id, ownerId], "lab_identity_delete");
  return rows.length === 1;
}

/** Deletes every lab identity of the owner; how many. */
export async function deleteLabIdentitiesOf(ownerId: string): Promise<number> {
  const rows = await (
    await db()
  ).sql(`DELETE FROM users WHERE lab_owner_id = $1 RETURNING 1`, [ownerId], "lab_identity_delete_all");
  return rows.length;
}

/**
 * Renames one of the owner's lab identities (the stale-claims lab), with the same rules as a real rename and a
 * `name-change` event in the lab identity's own log. Never touches any other row: the owner must own it.
 */
export async function renameLabIdentity(
  id: string,
  ownerId: string,
  raw: unknown,
  client: Partial<ClientMeta> = {},
): Promise<{ ok: true; name: string; previous: string } | { ok: false; fields: FieldErrors }> {
  const parsed = nameSchema.safeParse({ name: raw });
  if (!parsed.success) return { ok: false, fields: fieldErrors(parsed.error) };
  if (!isId(id) || !isId(ownerId))
    return { ok: false, fields: { form: "This lab's identity is gone. Run the lab again." } };
  const rows = await (
    await db()
  ).sql<{ previous: string }>(
    `UPDATE users u SET name = $3, updated_at = now()
       FROM (SELECT id, name AS previous FROM users WHERE id = $1 AND lab_owner_id = $2 FOR UPDATE) old
      WHERE u.id = old.id
      RETURNING old.previous`,
    [id, ownerId, parsed.data.name],
    "lab_identity_rename",
  );
  if (rows.length === 0) return { ok: false, fields: { form: "This lab's identity is gone. Run the lab again." } };
  await recordEvent({
    userId: id,
    area: "account",
    type: "name-change",
    detail: "Display name changed (a lab).",
    ...client,
  });
  return { ok: true, name: parsed.data.name, previous: rows[0]!.previous };
}
