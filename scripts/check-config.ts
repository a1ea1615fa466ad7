// Checks the production configuration the way the app will read it at start-up (lib/server/env.ts `parseEnv`),
// and exits 1 with that one sentence when it is incomplete. `npm run build` runs it first on Vercel, so a deploy
// that lacks a new setting (BEARER_SIGNING_KEYS, when upgrading from a version without it) fails its build while
// the running deployment keeps serving, instead of going live and refusing every request.
import { ConfigError, parseEnv } from "@/lib/server/env";

try {
  parseEnv({ ...process.env, NODE_ENV: "production" });
  console.log("Production configuration: complete.");
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`\nBuild stopped: ${error.message}\n`);
  process.exit(1);
}
