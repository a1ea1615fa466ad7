/**
 * The demo accounts, documented in the README. Created when missing (lib/server/db/seed.ts), never overwritten; named
 * in the development start-up line (lib/server/start.ts).
 */
export const DEMO_USERS = [
  { email: "alice@example.com", name: "Alice Demo", password: "wonderland-rabbit-42" },
  { email: "bob@example.com", name: "Bob Demo", password: "builder-can-we-fix-it-7" },
] as const;
