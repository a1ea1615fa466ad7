import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/server/db";
import { checkSignIn, INVALID_CREDENTIALS } from "@/lib/accounts/sign-in";
import { signUp } from "@/lib/accounts/sign-up";

const PASSWORD = "sign in passphrase 1";
const from = (ip: string) => new Headers({ "x-forwarded-for": ip, "user-agent": "vitest" });
const randomIp = () => `198.51.100.${Math.floor(Math.random() * 250)}`;

async function account() {
  const email = `signin-${randomUUID()}@example.com`;
  const outcome = await signUp({ email, name: "Signer", password: PASSWORD }, from(randomIp()));
  if (!outcome.ok) throw new Error("sign-up failed");
  return outcome.user;
}

describe("checkSignIn", () => {
  it("accepts the right password in any spelling of the email", async () => {
    const user = await account();
    const result = await checkSignIn(
      { email: ` ${user.email.toUpperCase()}`, password: PASSWORD },
      from(randomIp()),
      "session",
    );
    expect(result.ok && result.user.id).toBe(user.id);
  });

  it("answers unknown email and wrong password identically, and logs the failure on the targeted account", async () => {
    const user = await account();
    const wrong = await checkSignIn({ email: user.email, password: "not the password" }, from(randomIp()), "session");
    const unknown = await checkSignIn(
      { email: `nobody-${randomUUID()}@example.com`, password: "not the password" },
      from(randomIp()),
      "session",
    );
    expect(wrong).toEqual(unknown);
    expect(wrong).toEqual({ ok: false, status: 401, error: INVALID_CREDENTIALS });
    const events = await (await prisma()).authEvent.findMany({ where: { userId: user.id, type: "sign-in-failed" } });
    expect(events).toHaveLength(1);
  });

  it("locks an account after 10 attempts in any spelling from one address, with the generic answer before and a 429 after", async () => {
    const user = await account();
    const spellings = [user.email, user.email.toUpperCase(), ` ${user.email}\t`];
    const attacker = randomIp();
    const results = [];
    for (let i = 0; i < 11; i++) {
      results.push(await checkSignIn({ email: spellings[i % 3], password: `wrong ${i}` }, from(attacker), "token"));
    }
    expect(results.slice(0, 10).every((r) => !r.ok && r.status === 401)).toBe(true);
    const last = results[10]!;
    expect(!last.ok && last.status).toBe(429);
    // The right password does not get through from that address while the account is limited there…
    const right = await checkSignIn({ email: user.email, password: PASSWORD }, from(attacker), "token");
    expect(!right.ok && right.status).toBe(429);
    // …but the owner elsewhere is not locked out (SECURITY.md "Abuse limits").
    const owner = await checkSignIn({ email: user.email, password: PASSWORD }, from("192.0.2.77"), "token");
    expect(owner.ok).toBe(true);
  });

  it("refuses malformed input with per-field messages", async () => {
    const result = await checkSignIn({ email: 7 }, from(randomIp()), "bearer");
    expect(result).toMatchObject({
      ok: false,
      status: 400,
      fields: { email: "Email must be text.", password: "Password is required." },
    });
  });
});
