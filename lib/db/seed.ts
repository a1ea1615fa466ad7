import type { PrismaClient } from "@/generated/prisma/client";
import { hashPassword } from "@/lib/password";

/** The demo accounts, documented in the README. Created when missing; never overwritten. */
export const DEMO_USERS = [
  { email: "alice@example.com", name: "Alice Demo", password: "wonderland-rabbit-42" },
  { email: "bob@example.com", name: "Bob Demo", password: "builder-can-we-fix-it-7" },
] as const;

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
