import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/server/db";
import { signUp } from "@/lib/accounts/sign-up";
import { normaliseEmail, passwordProblem, PASSWORD_MAX, signUpSchema, verifyCredentials } from "@/lib/accounts/users";

const headers = (ip = `10.0.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`) =>
  new Headers({ "x-forwarded-for": ip, "user-agent": "vitest" });

describe("normaliseEmail", () => {
  it("trims, applies NFKC and lower-cases", () => {
    expect(normaliseEmail("  Alice@Example.COM \t")).toBe("alice@example.com");
    // FULLWIDTH LATIN letters and the fullwidth @ fold to ASCII under NFKC.
    expect(normaliseEmail("ＡＬＩＣＥ＠example.com")).toBe("alice@example.com");
  });
});

describe("password policy (NIST 800-63B)", () => {
  it("refuses short passwords and says why", () => {
    expect(passwordProblem("short")).toMatch(/at least 8 characters/);
  });
  it("counts characters, not bytes: 8 emoji are 8 characters", () => {
    expect(passwordProblem("🔑🔑🔒🔓🗝️🔐🛡️🚪")).toBeNull();
  });
  it("accepts long passphrases and any Unicode", () => {
    expect(passwordProblem("Ein langer Satz mit Umlauten: äöü ß — und 日本語も")).toBeNull();
  });
  it("refuses (never truncates) passwords over the maximum", () => {
    expect(passwordProblem("x".repeat(PASSWORD_MAX) + "y")).toMatch(/at most 256/);
    // Exactly the maximum is accepted (a non-repeating 256 characters: "ab" × 128 is now refused as guessable).
    const longest = Array.from({ length: PASSWORD_MAX }, (_, i) => "kx7 mq2 zv9 wt4 "[(i * 5 + (i >> 4)) % 16]).join(
      "",
    );
    expect([...longest]).toHaveLength(PASSWORD_MAX);
    expect(passwordProblem(longest)).toBeNull();
  });
  it("refuses common passwords whatever their case, in zxcvbn's words", () => {
    expect(passwordProblem("Password123")).toMatch(/commonly used password/);
    expect(passwordProblem("PASSWORD123")).toMatch(/commonly used password/);
    expect(passwordProblem("qwertyuiop")).toMatch(/frequently used password/);
  });
  it("refuses the account's own email and name as the password", () => {
    expect(passwordProblem("alice.liddell@example.com", { email: "Alice.Liddell@example.com" })).toMatch(
      /personal or page related data/,
    );
    expect(passwordProblem("Bartholomew Quint", { name: "Bartholomew Quint" })).toMatch(/personal/);
  });
  it("gives a per-field message for wrong types", () => {
    const result = signUpSchema.safeParse({ email: 42, name: { first: "x" }, password: ["a"] });
    expect(result.success).toBe(false);
    const fields = Object.fromEntries(result.error!.issues.map((i) => [i.path[0], i.message]));
    expect(fields).toEqual({
      email: "Email must be text.",
      name: "Name must be text.",
      password: "Password must be text.",
    });
  });
});

describe("sign-up against the real database", () => {
  it("creates one account per email even when 20 sign-ups race with different spellings", async () => {
    const local = `race-${randomUUID()}`;
    const spellings = Array.from({ length: 20 }, (_, i) => {
      const variants = [`${local}@example.com`, ` ${local.toUpperCase()}@EXAMPLE.COM `, `\t${local}@Example.com`];
      return variants[i % variants.length]!;
    });
    const outcomes = await Promise.all(
      spellings.map((email, i) =>
        signUp({ email, name: `Racer ${i}`, password: "a long enough passphrase" }, headers()),
      ),
    );
    const created = outcomes.filter((o) => o.ok);
    const duplicates = outcomes.filter((o) => !o.ok && o.status === 409);
    expect(created).toHaveLength(1);
    expect(duplicates).toHaveLength(19);
    for (const d of duplicates) if (!d.ok) expect(d.fields?.email).toMatch(/already registered/);
    const rows = await (await prisma()).user.count({ where: { email: `${local}@example.com` } });
    expect(rows).toBe(1);
  });

  it("stores an argon2id hash, never the password, and verifies it", async () => {
    const email = `hash-${randomUUID()}@example.com`;
    const outcome = await signUp({ email, name: "Hash", password: "correct battery horse staple" }, headers());
    expect(outcome.ok).toBe(true);
    const user = await (await prisma()).user.findUniqueOrThrow({ where: { email } });
    expect(user.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(user.passwordHash).not.toContain("correct battery");
    expect((await verifyCredentials(email.toUpperCase(), "correct battery horse staple"))?.id).toBe(user.id);
    expect(await verifyCredentials(email, "wrong battery horse staple")).toBeNull();
    expect(await verifyCredentials(`nobody-${randomUUID()}@example.com`, "whatever passphrase")).toBeNull();
  });

  it("rate-limits sign-ups per IP with a retry time", async () => {
    const ip = headers(`192.0.2.${Math.floor(Math.random() * 250)}`);
    const outcomes = [];
    for (let i = 0; i < 31; i++) outcomes.push(await signUp({ email: "not-an-email", name: "x", password: "x" }, ip));
    expect(outcomes.slice(0, 30).every((o) => !o.ok && o.status === 400)).toBe(true);
    const last = outcomes[30]!;
    expect(last.ok).toBe(false);
    if (!last.ok) {
      expect(last.status).toBe(429);
      expect(last.retryAfterSeconds).toBeGreaterThan(0);
    }
  });
});
