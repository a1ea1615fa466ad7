import "server-only";
// The module next-auth re-exports CredentialsSignin from (so `instanceof` agrees with Auth.js's own checks);
// importing it directly keeps this file free of next-auth's Next.js entry point, so it runs under Vitest too.
import { CredentialsSignin } from "@auth/core/errors";
import { isDatabaseUnavailable } from "@/lib/server/outage";
import { checkSignIn, INVALID_CREDENTIALS } from "@/lib/accounts/sign-in";
import type { FieldErrors } from "@/lib/security/http";
import { EMAIL_TOO_LONG, PASSWORD_TOO_LONG } from "@/lib/accounts/users";
import { recordEvent } from "@/lib/accounts/audit-log";
import { clientMeta } from "@/lib/server/request-meta";
import { nowSeconds, type OwnClaims } from "@/lib/token/jwt/internal/claims";
import { jwtJar, setJwtCookie } from "@/lib/token/jwt/internal/cookie-jar";
import { encodeJwt, type JwtSubject } from "@/lib/token/jwt/internal/encode";

/**
 * Creating a next-auth JWT session, two ways:
 * - a password sign-in through Auth.js: the Credentials provider's `authorize`, the claims a fresh sign-in puts
 *   into the token, and the words a failed attempt gets; Auth.js encrypts the token and sets the cookie;
 * - `createJwt`: a JWT for a user whose identity is already proven (switch now, a re-issue), encoded with
 *   next-auth's own `encode` and set with Auth.js's cookie attributes. Only the credential policy calls it.
 */

export { encodeJwt, type JwtSubject } from "@/lib/token/jwt/internal/encode";

/**
 * Sets (or replaces) this browser's next-auth session cookie with a new JWT for `user`, and logs the sign-in
 * unless `log` is false. For server actions and route handlers only (lib/strategy/credential-policy.ts).
 */
export async function createJwt(
  user: JwtSubject,
  options: { authTime?: number; switched?: true; labEnd?: number; via: string; log?: boolean },
): Promise<void> {
  const target = await jwtJar();
  setJwtCookie(target, await encodeJwt(user, target.name, options));
  if (options.log === false) return;
  await recordEvent({
    userId: user.id,
    area: "token",
    type: "sign-in",
    detail: `JWT issued ${options.via}${user.jwtRevocation || options.switched ? " in revocation mode" : ""}.`,
    ...clientMeta(target.headers),
  });
}

/** What `authorize` hands to Auth.js. `ip`/`userAgent` only reach the sign-in log, never the token. */
export type AuthorizedUser = {
  id: string;
  name: string;
  email: string;
  tokenVersion: number;
  jwtRevocation: boolean;
  ip: string;
  userAgent: string | null;
};

/**
 * Thrown from `authorize` when the account or the IP is over its sign-in limit. A CredentialsSignin (never a
 * plain Error: Auth.js would report that as a different error type, telling an attacker that this attempt
 * reached code a wrong password does not). Its `code` says only "rate limited", which is true for unknown
 * emails too, so it reveals nothing about which accounts exist.
 */
export class SignInRateLimited extends CredentialsSignin {
  override code = "rate_limited";
}

/**
 * Thrown from `authorize` for input the shape check refused (a 400 on the JSON routes). Its `code` — from a fixed
 * list, never the input — reaches /token/login as `?error=CredentialsSignin&code=…`, which shows it on the field.
 */
export class SignInInputRefused extends CredentialsSignin {
  constructor(code: InputCode) {
    super();
    this.code = code;
  }
}

/** The field messages /token/login shows for each code of SignInInputRefused. */
export const INPUT_CODES = {
  email_too_long: { email: EMAIL_TOO_LONG },
  password_too_long: { password: PASSWORD_TOO_LONG },
  missing_input: { email: "Enter your email and password.", password: "Enter your email and password." },
} as const satisfies Record<string, FieldErrors>;
export type InputCode = keyof typeof INPUT_CODES;

function inputCode(fields: FieldErrors | undefined): InputCode {
  if (fields?.email === EMAIL_TOO_LONG) return "email_too_long";
  if (fields?.password === PASSWORD_TOO_LONG) return "password_too_long";
  return "missing_input";
}

/**
 * The Credentials provider's `authorize`: the shared sign-in check (shape, rate limits per account and IP,
 * argon2id verify with identical work for unknown emails). Unknown email, wrong password and malformed input
 * all return null, which Auth.js turns into one CredentialsSignin.
 */
export async function authorizeCredentials(
  credentials: Partial<Record<string, unknown>>,
  request: Request,
): Promise<AuthorizedUser | null> {
  const check = await checkSignIn(
    { email: credentials.email, password: credentials.password },
    request.headers,
    "token",
  );
  if (!check.ok) {
    if (check.status === 429) throw new SignInRateLimited();
    if (check.status === 400) throw new SignInInputRefused(inputCode(check.fields));
    return null;
  }
  const { user, ip, userAgent } = check;
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    tokenVersion: user.tokenVersion,
    jwtRevocation: user.jwtRevocation,
    ip,
    userAgent,
  };
}

/** The claims a fresh sign-in adds to Auth.js's `sub`, `name` and `email`. */
export function claimsForSignIn(user: Pick<AuthorizedUser, "tokenVersion" | "jwtRevocation">): OwnClaims {
  return { auth_time: nowSeconds(), token_version: user.tokenVersion, revocation: user.jwtRevocation };
}

export const RATE_LIMITED_MESSAGE = "Too many sign-in attempts. Try again later.";
export const UNAVAILABLE_MESSAGE = "The database is unavailable right now. Try again in a moment.";

/**
 * The message for a failed `signIn("credentials")`, or null when the error is not a sign-in failure (the caller
 * rethrows it). Auth.js wraps errors thrown inside `authorize` in a CallbackRouteError whose cause holds the
 * original as `err`.
 */
export function signInFailureMessage(error: unknown): string | null {
  const e = error as { type?: unknown; code?: unknown; cause?: { err?: unknown } } | null;
  if (error instanceof CredentialsSignin || e?.type === "CredentialsSignin") {
    return e?.code === "rate_limited" ? RATE_LIMITED_MESSAGE : INVALID_CREDENTIALS;
  }
  if (isDatabaseUnavailable(error) || isDatabaseUnavailable(e?.cause?.err)) return UNAVAILABLE_MESSAGE;
  return null;
}
