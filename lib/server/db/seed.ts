import type { PrismaClient } from "@/generated/prisma/client";
import { DEMO_USERS } from "@/lib/server/db/demo-users";
import { hashPassword } from "@/lib/accounts/password-hash";

export { DEMO_USERS };

export async function seedDemoUsers(prisma: PrismaClient): Promise<number> {
  let created = 0;
  for (const demo of DEMO_USERS) {
    const existing = await prisma.user.findUnique({ where: { email: demo.email }, select: { id: true } });
    if (existing) continue;
    const passwordHash = await hashPassword(demo.password);
    await prisma.user
      .create({ data: { email: demo.email, name: demo.name, passwordHash } })
      .then(() => created++)
      .catch(() => undefined); // another process seeded it first
  }
  return created;
}
