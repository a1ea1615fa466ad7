// `npm run db:prune`: deletes every row nobody can use any more (SECURITY.md "Retention"), in batches, until
// nothing is left, and prints the counts per table. The same code as the opportunistic pass and the cron endpoint
// (lib/retention/prune.ts). Works on Postgres (DATABASE_URL) at any time, and on PGlite when the app is not
// running (PGlite is one process per folder: with the app up it refuses with one sentence, exit code 1).
//
//   npm run db:prune [-- --batch 1000]
//
// Run with tsx's react-server condition so `server-only` modules load outside Next.js.
import { parseArgs } from "node:util";
import { closeDb, db } from "@/lib/server/db";
import { PgliteLockedError } from "@/lib/server/db/pglite-lock";
import { DEFAULT_BATCH, pruneAll } from "@/lib/retention/prune";

const { values } = parseArgs({ options: { batch: { type: "string", default: String(DEFAULT_BATCH) } } });
const batch = Number(values.batch);

// Pruning must not create anything: no demo users on a fresh database.
process.env.SEED_DEMO_USERS ??= "false";

async function main() {
  if (!Number.isInteger(batch) || batch < 1)
    throw new Error(`--batch must be a positive integer, not "${values.batch}".`);
  const database = await db();
  const result = await pruneAll({ batch });
  const lines = Object.entries(result.pruned).map(([table, count]) => `  ${table}: ${count}`);
  console.log(`Pruned ${database.kind} in ${result.rounds} round(s) of at most ${batch} rows per table:`);
  console.log(lines.join("\n"));
}

main()
  .catch((error) => {
    console.error(error instanceof PgliteLockedError ? `Cannot prune: ${error.message}` : error);
    process.exitCode = 1;
  })
  .finally(() => closeDb());
