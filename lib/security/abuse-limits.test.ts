import { randomInt, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { env } from "@/lib/server/env";
import { sweepRateLimits } from "@/lib/security/rate-limit";
import { checkSignIn } from "@/lib/accounts/sign-in";
import { signUp } from "@/lib/accounts/sign-up";

/**
 * SECURITY.md "Abuse limits", through the real sign-in and sign-up modules on the real database (PGlite, or
 * Postgres in CI's second pass). Issue 13 findings 4 (a flood fills rate_limits), 5 (a blocked address still counts
 * against accounts), 6 (an oversized email is a 500) and 7 (an IPv6 /64 is unlimited addresses).
 */

const PASSWORD = "abuse limits passphrase 1";
// Behind a proxy that sets X-Forwarded-For (TRUSTED_PROXY=any in test/setup.ts), so each test picks its addresses.
const from = (ip: string) => new Headers({ "x-forwarded-for": ip, "user-agent": "vitest" });
// A random /24 of 100.64.0.0/10 per run, so a rerun on the same database (within a window) starts from fresh buckets.
const net = `100.${64 + randomInt(64)}.${randomInt(256)}`;
let octet = 0;
/** A fresh IPv4 address per call (at most 250 per run), in a range no other test file uses. */
const freshIp = () => {
  octet++;
  if (octet > 250) throw new Error("freshIp: out of addresses");
  return `${net}.${octet}`;
};

async function rows(): Promise<{ rateLimits: number; authEvents: number }> {
  const database = await db();
  const [r] = await database.sql<{ rate_limits: number; auth_events: number }>(
    `SELECT (SELECT count(*) FROM rate_limits)::int AS rate_limits, (SELECT count(*) FROM auth_events)::int AS auth_events`,
  );
  return { rateLimits: r!.rate_limits, authEvents: r!.auth_events };
}

/** Runs `attempt(0)` … `attempt(9 999)`, 20 at a time. */
async function flood(attempt: (i: number) => Promise<unknown>, total = 10_000, inFlight = 20) {
  for (let start = 0; start < total; start += inFlight)
    await Promise.all(Array.from({ length: Math.min(inFlight, total - start) }, (_, k) => attempt(start + k)));
}

async function account() {
  const email = `abuse-${randomUUID()}@example.com`;
  const outcome = await signUp({ email, name: "Owner", password: PASSWORD }, from(freshIp()));
  if (!outcome.ok) throw new Error(`sign-up failed: ${outcome.error}`);
  return outcome.user;
}

describe("abuse limits", () => {
  it("10 000 failed sign-ins with distinct emails from one address add at most the per-IP limit plus a handful of rows", async () => {
    const perIp = env().LOGIN_LIMIT_PER_IP;
    const ip = freshIp();
    const before = await rows();
    const statuses = new Map<number, number>();
    // Distinct, long, multi-byte emails: the shape of the flood in the issue. 20 in flight at a time, as a flood
    // would send them.
    await flood(async (i) => {
      const email = `${"漢".repeat(200)}${i}@example.com`;
      const result = await checkSignIn({ email, password: "wrong password" }, from(ip), "session");
      const status = result.ok ? 200 : result.status;
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    });
    const after = await rows();
    expect(Object.fromEntries(statuses), "all refused").not.toHaveProperty("200");
    expect(statuses.get(429) ?? 0, "the address is limited").toBeGreaterThanOrEqual(10_000 - perIp);
    expect(after.rateLimits - before.rateLimits, "rate_limits rows added").toBeLessThanOrEqual(perIp + 5);
    expect(after.authEvents - before.authEvents, "auth_events rows added").toBeLessThanOrEqual(perIp + 5);
  }, 300_000);

  it("10 000 sign-ups with distinct emails from one address add at most the per-IP limit plus a handful of rows", async () => {
    const perIp = env().SIGNUP_LIMIT_PER_IP;
    const ip = freshIp();
    const before = await rows();
    // Valid, long, each a new account: the allowed ones create users, the rest must write nothing.
    await flood((i) =>
      signUp({ email: `${"a".repeat(200)}${i}@example.com`, name: "Flood", password: PASSWORD }, from(ip)),
    );
    const after = await rows();
    expect(after.rateLimits - before.rateLimits, "rate_limits rows added").toBeLessThanOrEqual(perIp + 5);
    expect(after.authEvents - before.authEvents, "auth_events rows added").toBeLessThanOrEqual(perIp + 5);
  }, 300_000);

  it("parallel attempts from one address: exactly the per-IP limit get through, whatever the concurrency", async () => {
    const perIp = env().LOGIN_LIMIT_PER_IP;
    const ip = freshIp();
    const results = await Promise.all(
      Array.from({ length: perIp + 40 }, (_, i) =>
        checkSignIn({ email: `parallel-${i}-${randomUUID()}@example.com`, password: "x" }, from(ip), "session"),
      ),
    );
    const statuses = results.map((r) => (r.ok ? 200 : r.status));
    expect(statuses.filter((s) => s === 401)).toHaveLength(perIp);
    expect(statuses.filter((s) => s === 429)).toHaveLength(40);
  }, 120_000);

  it("an address over its limit does not count against the accounts it names: the owner signs in from elsewhere", async () => {
    const owner = await account();
    const attacker = freshIp();
    const perIp = env().LOGIN_LIMIT_PER_IP;
    for (let i = 0; i < perIp; i++)
      await checkSignIn({ email: `filler-${i}-${randomUUID()}@example.com`, password: "x" }, from(attacker), "bearer");
    for (let i = 0; i < 11; i++) {
      const result = await checkSignIn({ email: owner.email, password: `guess ${i}` }, from(attacker), "session");
      expect(!result.ok && result.status, `attempt ${i + 1} from the blocked address`).toBe(429);
    }
    const real = await checkSignIn({ email: owner.email, password: PASSWORD }, from(freshIp()), "session");
    expect(real.ok, "the owner, from another address, is not locked out").toBe(true);
  });

  it("one address failing on an account locks that account only for that address (up to the account's total)", async () => {
    const owner = await account();
    const attacker = freshIp();
    for (let i = 0; i < 11; i++)
      await checkSignIn({ email: owner.email, password: `guess ${i}` }, from(attacker), "session");
    const again = await checkSignIn({ email: owner.email, password: PASSWORD }, from(attacker), "session");
    expect(!again.ok && again.status, "the attacking address is locked on this account").toBe(429);
    const real = await checkSignIn({ email: owner.email, password: PASSWORD }, from(freshIp()), "session");
    expect(real.ok, "the owner, from another address, signs in").toBe(true);
  });

  it("an email over 254 characters — before or after NFKC — is a 400 on email, never an error", async () => {
    const cases = [
      `${"a".repeat(3000)}@example.com`,
      `${"漢".repeat(1000)}@example.com`,
      // U+FDFA is one character that NFKC turns into eighteen.
      `${"\uFDFA".repeat(20)}@example.com`,
    ];
    for (const email of cases) {
      const signIn = await checkSignIn({ email, password: "wrong password" }, from(freshIp()), "session");
      expect(signIn, `sign-in, ${email.length} characters`).toMatchObject({ ok: false, status: 400 });
      expect(!signIn.ok && signIn.fields?.email, "sign-in names the email field").toBeTruthy();
      const up = await signUp({ email, name: "Long", password: PASSWORD }, from(freshIp()));
      expect(up, `sign-up, ${email.length} characters`).toMatchObject({ ok: false, status: 400 });
      expect(!up.ok && up.fields?.email, "sign-up names the email field").toBeTruthy();
    }
  });

  it("a password over 256 characters is a 400 on password at sign-in", async () => {
    const result = await checkSignIn(
      { email: `p-${randomUUID()}@example.com`, password: "p".repeat(300) },
      from(freshIp()),
      "session",
    );
    expect(result).toMatchObject({ ok: false, status: 400 });
    expect(!result.ok && result.fields?.password).toBeTruthy();
  });

  it("addresses inside one IPv6 /64 share one bucket; IPv4-mapped IPv6 is the IPv4 address", async () => {
    const perIp = env().LOGIN_LIMIT_PER_IP;
    const prefix = `2001:db8:${randomInt(0x10000).toString(16)}:${randomInt(0x10000).toString(16)}`;
    const statuses: number[] = [];
    for (let i = 0; i <= perIp; i++) {
      const ip = `${prefix}:${i.toString(16)}:${(i * 7).toString(16)}:1:${(i + 1).toString(16)}`;
      const result = await checkSignIn({ email: `v6-${randomUUID()}@example.com`, password: "x" }, from(ip), "bearer");
      statuses.push(result.ok ? 200 : result.status);
    }
    expect(statuses.at(-1), `the (limit + 1)th attempt from one /64`).toBe(429);

    const v4 = freshIp();
    for (let i = 0; i < perIp; i++) {
      const spelling = i % 2 ? `::ffff:${v4}` : v4;
      await checkSignIn({ email: `v4-${randomUUID()}@example.com`, password: "x" }, from(spelling), "bearer");
    }
    const [a, b, c, d] = v4.split(".").map(Number) as [number, number, number, number];
    const hex = `::ffff:${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
    const mapped = await checkSignIn({ email: `v4-${randomUUID()}@example.com`, password: "x" }, from(hex), "bearer");
    expect(!mapped.ok && mapped.status, "IPv4-mapped IPv6 (hex form) counts as the IPv4 address").toBe(429);
  });

  it("sweepRateLimits deletes ended windows in bounded batches and keeps live ones", async () => {
    const database = await db();
    const tag = `sweep-test:${randomUUID()}`;
    await database.sql(
      `INSERT INTO rate_limits (key, count, reset_at)
       SELECT $1 || ':' || g, 3, now() - interval '1 hour' FROM generate_series(1, 5) g
       UNION ALL SELECT $1 || ':live', 1, now() + interval '10 minutes'`,
      [tag],
    );
    const counts: number[] = [];
    for (;;) {
      const deleted = await sweepRateLimits({ batch: 2 });
      counts.push(deleted);
      if (deleted < 2) break;
    }
    expect(Math.max(...counts), "never more than the batch").toBeLessThanOrEqual(2);
    const left = await database.sql<{ key: string }>(`SELECT key FROM rate_limits WHERE key LIKE $1 || '%'`, [tag]);
    expect(left.map((r) => r.key)).toEqual([`${tag}:live`]);
    // With a later `now`, the live one has ended too.
    expect(await sweepRateLimits({ now: new Date(Date.now() + 11 * 60_000), batch: 100_000 })).toBeGreaterThanOrEqual(
      1,
    );
    expect(await database.sql(`SELECT key FROM rate_limits WHERE key LIKE $1 || '%'`, [tag])).toEqual([]);
  });
});
