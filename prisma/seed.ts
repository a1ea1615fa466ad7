// `npm run db:seed`: creates the demo users (README "Demo accounts") in the configured database.
// Run with tsx's react-server condition so `server-only` modules load outside Next.js.
import { closeDb, db } from "@/lib/server/db";
import { DEMO_USERS, seedDemoUsers } from "@/lib/server/db/seed";

async function main() {
  const database = await db();
  const created = await seedDemoUsers(database.prisma);
  console.log(`Seeded ${created} demo user(s) into ${database.kind}; ${DEMO_USERS.length - created} already existed.`);
  for (const user of DEMO_USERS) console.log(`  ${user.email} / ${user.password}`);
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => closeDb());
