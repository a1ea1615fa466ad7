import { randomUUID } from "node:crypto";
import { CredentialsSignin } from "@auth/core/errors";
import { describe, expect, it } from "vitest";
import { DatabaseUnavailableError } from "@/lib/server/outage";
import { INVALID_CREDENTIALS } from "@/lib/accounts/sign-in";
import { signUp } from "@/lib/accounts/sign-up";
import { trustHost } from "@/lib/token/jwt/internal/host";
import {
  authorizeCredentials,
  claimsForSignIn,
  RATE_LIMITED_MESSAGE,
  SignInInputRefused,
  SignInRateLimited,
  signInFailureMessage,
  UNAVAILABLE_MESSAGE,
} from "@/lib/token/jwt/create";

const PASSWORD = "token passphrase 1";
const randomIp = () => `198.51.100.${Math.floor(Math.random() * 250)}`;
const request = (ip = randomIp()) =>
  new Request("http://localhost/api/auth/callback/credentials", {
    headers: { "x-forwarded-for": ip, "user-agent": "vitest" },
  });

async function account() {
  const email = `token-${randomUUID()}@example.com`;
  const outcome = await signUp(
    { email, name: "Tokener", password: PASSWORD },
    new Headers({ "x-forwarded-for": randomIp() }),
  );
  if (!outcome.ok) throw new Error("sign-up failed");
  return outcome.user;
}

describe("authorize (Credentials provider)", () => {
  it("returns the user for the right password, with the revocation state and the request's address", async () => {
    const user = await account();
    const ip = randomIp();
    const result = await authorizeCredentials({ email: user.email.toUpperCase(), password: PASSWORD }, request(ip));
    expect(result).toEqual({
      id: user.id,
      name: user.name,
      email: user.email,
      tokenVersion: 0,
      jwtRevocation: false,
      ip,
      userAgent: "vitest",
    });
  });

  it("answers unknown email and wrong password identically: null, never a thrown Error", async () => {
    const user = await account();
    const results = await Promise.all([
      authorizeCredentials({ email: user.email, password: "not the password" }, request()),
      authorizeCredentials({ email: `nobody-${randomUUID()}@example.com`, password: "not the password" }, request()),
    ]);
    expect(results).toEqual([null, null]);
  });

  it("answers malformed or oversized input with a CredentialsSignin whose code names the field (never an Error)", async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ email: ["x"], password: 5 }, "missing_input"],
      [{}, "missing_input"],
      [{ email: `${"a".repeat(300)}@example.com`, password: "x" }, "email_too_long"],
      [{ email: `${"\uFDFA".repeat(20)}@example.com`, password: "x" }, "email_too_long"],
      [{ email: "a@example.com", password: "p".repeat(300) }, "password_too_long"],
    ];
    for (const [input, code] of cases) {
      const error = await authorizeCredentials(input, request()).catch((e: unknown) => e);
      expect(error, code).toBeInstanceOf(SignInInputRefused);
      expect(error, code).toBeInstanceOf(CredentialsSignin);
      expect((error as CredentialsSignin).code).toBe(code);
    }
  });

  it("throws a CredentialsSignin (code rate_limited) once limited — for real and unknown accounts alike", async () => {
    const user = await account();
    const unknown = `nobody-${randomUUID()}@example.com`;
    for (const email of [user.email, unknown]) {
      // The account limit counts per address (SECURITY.md "Abuse limits"): one attacking address.
      const ip = randomIp();
      for (let i = 0; i < 10; i++) {
        expect(await authorizeCredentials({ email, password: `wrong ${i}` }, request(ip))).toBeNull();
      }
      const error = await authorizeCredentials({ email, password: PASSWORD }, request(ip)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SignInRateLimited);
      expect(error).toBeInstanceOf(CredentialsSignin);
      expect((error as CredentialsSignin).code).toBe("rate_limited");
      expect(signInFailureMessage(error)).toBe(RATE_LIMITED_MESSAGE);
    }
  });

  it("adds auth_time, token_version and revocation at sign-in", () => {
    const before = Math.floor(Date.now() / 1000);
    const claims = claimsForSignIn({ tokenVersion: 3, jwtRevocation: true });
    expect(claims).toMatchObject({ token_version: 3, revocation: true });
    expect(claims.auth_time).toBeGreaterThanOrEqual(before);
    expect(claims.auth_time).toBeLessThanOrEqual(before + 1);
  });
});

describe("signInFailureMessage", () => {
  it("maps Auth.js's errors to our words and leaves everything else to the caller", () => {
    expect(signInFailureMessage(new CredentialsSignin())).toBe(INVALID_CREDENTIALS);
    // Auth.js wraps whatever authorize throws in a CallbackRouteError: { cause: { err } }.
    const wrapped = Object.assign(new Error("Read more at https://errors.authjs.dev#callbackrouteerror"), {
      type: "CallbackRouteError",
      cause: { err: new DatabaseUnavailableError("down") },
    });
    expect(signInFailureMessage(wrapped)).toBe(UNAVAILABLE_MESSAGE);
    expect(signInFailureMessage(new DatabaseUnavailableError("down"))).toBe(UNAVAILABLE_MESSAGE);
    expect(signInFailureMessage(new Error("bug"))).toBeNull();
    expect(signInFailureMessage(null)).toBeNull();
  });
});

describe("trustHost", () => {
  const base = { AUTH_URL: undefined, VERCEL: undefined, isProduction: true } as const;
  it.each([
    [{ ...base, AUTH_TRUST_HOST: "true" }, true],
    [{ ...base, AUTH_TRUST_HOST: "1" }, true],
    [{ ...base, AUTH_TRUST_HOST: "false", isProduction: false }, false],
    [{ ...base, AUTH_TRUST_HOST: undefined }, false],
    [{ ...base, AUTH_TRUST_HOST: undefined, isProduction: false }, true],
    [{ ...base, AUTH_TRUST_HOST: undefined, VERCEL: "1" }, true],
    [{ ...base, AUTH_TRUST_HOST: undefined, AUTH_URL: "https://example.com" }, true],
  ] as const)("%j → %s", (config, expected) => {
    expect(trustHost(config)).toBe(expected);
  });
});
