import "server-only";
import { z } from "zod";
import type { User } from "@/generated/prisma/client";
import { db, prisma } from "@/lib/server/db";
import { isUniqueViolation } from "@/lib/server/db/error-codes";
import { hashPassword, verifyPassword } from "@/lib/accounts/password-hash";
import { PASSWORD_MAX, passwordLength } from "@/lib/accounts/password-rules";
import { assessPassword } from "@/lib/accounts/password-strength";
import type { FieldErrors } from "@/lib/security/http";

/**
 * Accounts, shared by both areas: normalise and validate input, hash and verify passwords, create and find
 * users. The password policy follows NIST SP 800-63B: at least 8 characters, at most 256 (refused, never
 * truncated), any Unicode, no composition rules, common and guessable passwords refused (zxcvbn score below 3,
 * lib/accounts/password-strength.ts, ADR 0095).
 */

export { PASSWORD_MAX } from "@/lib/accounts/password-rules";
const NAME_MAX = 80;
const EMAIL_MAX = 254;

/** The per-field answers to oversized input, shared by every form, JSON route and Auth.js's callback. */
export const EMAIL_TOO_LONG = `Email must be at most ${EMAIL_MAX} characters.`;
export const PASSWORD_TOO_LONG = `Use at most ${PASSWORD_MAX} characters.`;

/**
 * Trimmed, NFKC-normalised and lower-cased: every spelling of one address is one account. NFKC can expand (U+FDFA
 * is one character and eighteen after it), so the length limit applies to the result: see emailInput.
 */
export function normaliseEmail(raw: string): string {
  return raw.trim().normalize("NFKC").toLowerCase();
}

/**
 * Why a new password is refused, in zxcvbn's words a user can act on; null when it is acceptable. The account's
 * email and name count as words an attacker tries first. Synchronous and CPU-bound (up to tens of ms for 100
 * characters): call it after the rate limit.
 */
export function passwordProblem(password: string, context: { email?: string; name?: string } = {}): string | null {
  return assessPassword(password, context).problem;
}

const text = (field: string) =>
  z.string({ error: (issue) => (issue.input === undefined ? `${field} is required.` : `${field} must be text.`) });

/**
 * An email as typed: refused cheaply when the raw text is already far too long (so NFKC never runs on megabytes),
 * then normalised, then at most EMAIL_MAX characters — the stored value and every rate-limit key derive from it.
 */
const emailInput = text("Email")
  .max(EMAIL_MAX * 4, EMAIL_TOO_LONG)
  .transform(normaliseEmail)
  .pipe(z.string().min(1, "Email is required.").max(EMAIL_MAX, EMAIL_TOO_LONG));

const emailField = emailInput.pipe(z.string().email("Enter a valid email address, like name@example.com."));

const nameField = text("Name")
  .max(NAME_MAX * 4, "Name is too long.")
  .transform((value) => value.trim().normalize("NFC"))
  .pipe(
    z
      .string()
      .min(1, "Name is required.")
      .max(NAME_MAX, `Name must be at most ${NAME_MAX} characters.`)
      .refine((value) => !/[\p{Cc}\p{Cf}]/u.test(value), "Name cannot contain control characters."),
  );

// The length check runs before anything else so that a 10 KB password is refused cheaply.
const passwordField = text("Password").max(PASSWORD_MAX * 4, PASSWORD_TOO_LONG);

/** Sign-up input, shapes and lengths only: cheap, so it may run before the rate limit (lib/accounts/sign-up.ts). */
export const signUpFieldsSchema = z.object({ email: emailField, name: nameField, password: passwordField });

/** The whole sign-up check: the fields, then the password's strength against the email and name. */
export const signUpSchema = signUpFieldsSchema.superRefine((value, ctx) => {
  const reason = passwordProblem(value.password, value);
  if (reason) ctx.addIssue({ code: "custom", path: ["password"], message: reason });
});
export type SignUpInput = z.infer<typeof signUpSchema>;

/** Sign-in input: only shape checks (a policy check here would tell an attacker which passwords exist). */
export const signInSchema = z.object({
  email: emailInput,
  password: text("Password")
    .min(1, "Password is required.")
    .max(PASSWORD_MAX * 4, PASSWORD_TOO_LONG)
    .refine((value) => passwordLength(value) <= PASSWORD_MAX, PASSWORD_TOO_LONG),
});
export type SignInInput = z.infer<typeof signInSchema>;

export const nameSchema = z.object({ name: nameField });

// Verified for unknown emails so that "no such account" takes as long as "wrong password".
let dummyHash: Promise<string> | undefined;
function dummy(): Promise<string> {
  dummyHash ??= hashPassword("dummy password that never matches anything");
  return dummyHash;
}

export type CreateUserResult = { ok: true; user: User } | { ok: false; fields: FieldErrors };

/** Creates an account; a duplicate email (also when racing another sign-up) is a field error, never a 500. */
export async function createUser(input: SignUpInput): Promise<CreateUserResult> {
  const db = await prisma();
  const passwordHash = await hashPassword(input.password);
  try {
    const user = await db.user.create({ data: { email: input.email, name: input.name, passwordHash } });
    return { ok: true, user };
  } catch (error) {
    if (isUniqueViolation(error)) {
      return { ok: false, fields: { email: "This email is already registered. Sign in instead." } };
    }
    throw error;
  }
}

/**
 * Checks an email and password. Unknown email and wrong password return the same null after the same work
 * (a dummy hash is verified for unknown emails).
 */
type UserRow = {
  id: string;
  email: string;
  name: string;
  password_hash: string | null;
  preferred_strategy: User["preferredStrategy"];
  token_version: number;
  jwt_revocation: boolean;
  lab_owner_id: string | null;
  created_at: Date | string;
  updated_at: Date | string;
};

/** The sign-in lookup, as a prepared statement (it runs on every sign-in attempt of every area). */
async function findUserByEmail(email: string): Promise<User | null> {
  const database = await db();
  const rows = await database.sql<UserRow>(
    `SELECT id, email, name, password_hash, preferred_strategy, token_version, jwt_revocation, lab_owner_id,
            created_at, updated_at
       FROM users WHERE email = $1`,
    [email],
    "user_find_by_email",
  );
  const row = rows[0];
  if (!row) return null;
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    passwordHash: row.password_hash,
    preferredStrategy: row.preferred_strategy,
    tokenVersion: row.token_version,
    jwtRevocation: row.jwt_revocation,
    labOwnerId: row.lab_owner_id,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

/**
 * Checks an email and password. Unknown email, wrong password and a lab identity (which has no password: it can
 * never sign in, lib/accounts/lab-identities.ts) return the same null after the same work: one argon2id
 * verification each (of a dummy hash when there is no account with a password).
 */
export async function verifyCredentials(email: string, password: string): Promise<User | null> {
  const user = await findUserByEmail(normaliseEmail(email));
  if (!user || user.passwordHash === null || user.labOwnerId !== null) {
    await verifyPassword(await dummy(), password);
    return null;
  }
  return (await verifyPassword(user.passwordHash, password)) ? user : null;
}

/** The same work as a wrong password, for a check that has no hash to verify (a lab identity's password). */
export async function verifyNothing(password: string): Promise<false> {
  await verifyPassword(await dummy(), password);
  return false;
}

export async function findUser(id: string): Promise<User | null> {
  if (!z.uuid().safeParse(id).success) return null;
  return (await prisma()).user.findUnique({ where: { id } });
}
