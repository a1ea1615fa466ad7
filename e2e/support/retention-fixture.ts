// Plants rows in a PGlite folder (or the DATABASE_URL database) before a test server starts on it, and reads them
// back after it stopped: `plant` prints the ids as JSON; `check` reads that JSON from RETENTION_FIXTURE and prints
// which rows still exist. For e2e/retention-opportunistic.spec.ts. Run with tsx's react-server condition:
//   tsx --conditions=react-server --tsconfig tsconfig.json e2e/support/retention-fixture.ts plant|check
import { randomBytes, randomUUID } from "node:crypto";
import { closeDb, prisma } from "@/lib/server/db";

const DAY = 24 * 60 * 60 * 1000;
const at = (ms: number) => new Date(Date.now() + ms);

export type Planted = Record<"expired" | "live", { session: string; token: string; event: string; bucket: string }>;

async function plant(): Promise<Planted> {
  const db = await prisma();
  const user = await db.user.create({
    data: { email: `retention-${randomUUID()}@example.com`, name: "Retention", passwordHash: "not-a-hash" },
  });
  const row = async (expired: boolean) => {
    const session = randomBytes(32).toString("hex");
    await db.session.create({
      data: {
        id: session,
        userId: user.id,
        idleExpiresAt: at(expired ? -DAY : DAY),
        absoluteExpiresAt: at(10 * DAY),
      },
    });
    const token = await db.refreshToken.create({
      data: {
        tokenHash: randomBytes(32).toString("hex"),
        familyId: randomUUID(),
        userId: user.id,
        expiresAt: at(expired ? -2 * DAY : DAY),
      },
    });
    const event = await db.authEvent.create({
      data: { area: "session", type: "sign-in-failed", createdAt: at(expired ? -400 * DAY : -DAY) },
    });
    const bucket = `test:retention:${randomUUID()}`;
    await db.rateLimit.create({ data: { key: bucket, count: 1, resetAt: at(expired ? -DAY : DAY) } });
    return { session, token: token.id, event: event.id, bucket };
  };
  return { expired: await row(true), live: await row(false) };
}

async function check(planted: Planted) {
  const db = await prisma();
  const exists = async (ids: Planted["live"]) => ({
    session: (await db.session.count({ where: { id: ids.session } })) === 1,
    token: (await db.refreshToken.count({ where: { id: ids.token } })) === 1,
    event: (await db.authEvent.count({ where: { id: ids.event } })) === 1,
    bucket: (await db.rateLimit.count({ where: { key: ids.bucket } })) === 1,
  });
  return { expired: await exists(planted.expired), live: await exists(planted.live) };
}

async function main() {
  process.env.SEED_DEMO_USERS = "false";
  const mode = process.argv[2];
  if (mode === "plant") console.log(JSON.stringify(await plant()));
  else if (mode === "check") console.log(JSON.stringify(await check(JSON.parse(process.env.RETENTION_FIXTURE!))));
  else throw new Error("usage: retention-fixture.ts plant|check");
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => closeDb());
