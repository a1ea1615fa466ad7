import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PASSWORD_MIN_SCORE, STRENGTH_CHECKED_CHARS } from "@/lib/accounts/password-rules";
import { assessPassword } from "@/lib/accounts/password-strength";
import { DEMO_USERS } from "@/lib/server/db/seed";

/** The real zxcvbn-ts with its common dictionaries: no mocks (ADR 0095). */

describe("assessPassword", () => {
  it("accepts the demo accounts' passwords", () => {
    for (const user of DEMO_USERS) expect(assessPassword(user.password, user).problem, user.password).toBeNull();
  });

  it("accepts every password the suites sign up or change to", () => {
    const used = [
      "a perfectly long passphrase", // e2e/helpers.ts PASSWORD, lib tests, scripts/two-instances.mjs
      "another long passphrase",
      "a brand new passphrase",
      "a long passphrase",
      "a long enough passphrase",
      "correct battery horse staple",
      "token passphrase 1",
      "sign in passphrase 1",
      "refresh passphrase 1",
      "read passphrase 1",
      "bench passphrase that is long enough", // bench/run.mjs
      ...Array.from({ length: 40 }, (_, i) => `burst passphrase ${i}`),
    ];
    const helpers = readFileSync(path.join(process.cwd(), "e2e", "helpers.ts"), "utf8");
    expect(helpers).toContain(`PASSWORD = "${used[0]}"`);
    for (const password of used) {
      const verdict = assessPassword(password, { email: "someone@example.com", name: "Some One" });
      expect(verdict.problem, password).toBeNull();
      expect(verdict.score).toBeGreaterThanOrEqual(PASSWORD_MIN_SCORE);
    }
  });

  it("refuses common and guessable passwords with zxcvbn's reason", () => {
    const cases: [string, RegExp][] = [
      ["password", /heavily used password/],
      ["12345678", /heavily used password/],
      ["iloveyou1", /commonly used password/],
      ["P@ssw0rd!", /similar to a commonly used password/],
      ["aaaaaaaaaaaa", /Repeated characters like "aaa"/],
      ["trustno1trustno1", /Repeated character patterns/],
      ["qwertyuiopasdf", /./],
      ["summer2024", /similar to a commonly used password/],
    ];
    for (const [password, reason] of cases) {
      const verdict = assessPassword(password);
      expect(verdict.score, password).toBeLessThan(PASSWORD_MIN_SCORE);
      expect(verdict.problem, password).toMatch(reason);
    }
  });

  it("offers zxcvbn's suggestions with the refusal", () => {
    const verdict = assessPassword("Password123");
    expect(verdict.warning).toBe("This is a commonly used password.");
    expect(verdict.suggestions.length).toBeGreaterThan(0);
    expect(verdict.problem).toBe([verdict.warning, ...verdict.suggestions.slice(0, 2)].join(" "));
  });

  it("counts the account's email, name and this site's name as guessable", () => {
    expect(assessPassword("zebulon.fairweather@example.org").score).toBeGreaterThanOrEqual(PASSWORD_MIN_SCORE);
    expect(
      assessPassword("zebulon.fairweather@example.org", { email: "zebulon.fairweather@example.org" }).problem,
    ).toMatch(/personal or page related data/);
    expect(assessPassword("sessionsvstokens").problem).not.toBeNull();
  });

  it("checks the length first, counting characters rather than UTF-16 units", () => {
    expect(assessPassword("short").problem).toMatch(/at least 8 characters/);
    expect(assessPassword("x".repeat(257)).problem).toMatch(/at most 256/);
    // 7 astral characters are 14 UTF-16 units but 7 characters.
    expect(assessPassword("𝔸𝔹ℂ𝔻𝔼𝔽𝔾".slice(0, 13)).problem).toMatch(/at least 8/);
  });

  it(`scores only the first ${STRENGTH_CHECKED_CHARS} characters`, () => {
    const strong = "Quartz jigs vex 7 dwarf nymphs; blithe kelp, 39 owls. ".repeat(2).slice(0, STRENGTH_CHECKED_CHARS);
    expect([...strong]).toHaveLength(STRENGTH_CHECKED_CHARS);
    const base = assessPassword(strong);
    expect(base.problem).toBeNull();
    // Whatever follows the first 100 characters changes nothing: not the verdict, not the score.
    const padded = assessPassword(strong + "a".repeat(150));
    expect(padded).toEqual(base);
    // And a weak start is not rescued by what follows it (the documented price of the cap).
    expect(
      assessPassword("1".repeat(STRENGTH_CHECKED_CHARS) + "Quartz jigs vex 7 dwarf nymphs").problem,
    ).not.toBeNull();
  });
});
