import "server-only";
import { recordEvent } from "@/lib/accounts/audit-log";
import { prisma } from "@/lib/server/db";
import type { ClientMeta } from "@/lib/server/request-meta";
import { fieldErrors } from "@/lib/security/json";
import type { FieldErrors } from "@/lib/security/http";
import { nameSchema } from "@/lib/accounts/users";

/**
 * Changing the display name. The row changes at once, so the session area shows the new name on its next
 * request; a JWT carries the name as a claim, so copies of it keep the old one until they are re-issued (the
 * "stale claims" lab). The caller re-issues the current browser's JWT.
 */
export async function changeName(
  userId: string,
  raw: unknown,
  client: Partial<ClientMeta> = {},
): Promise<{ ok: true; name: string; previous: string } | { ok: false; fields: FieldErrors }> {
  const parsed = nameSchema.safeParse({ name: raw });
  if (!parsed.success) return { ok: false, fields: fieldErrors(parsed.error) };
  const db = await prisma();
  const before = await db.user.findUnique({ where: { id: userId }, select: { name: true } });
  if (!before) return { ok: false, fields: { form: "This account no longer exists." } };
  await db.user.update({ where: { id: userId }, data: { name: parsed.data.name } });
  await recordEvent({
    userId,
    area: "account",
    type: "name-change",
    detail: "Display name changed.",
    ...client,
  });
  return { ok: true, name: parsed.data.name, previous: before.name };
}
