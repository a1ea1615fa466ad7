/**
 * The password rules, in one place for the server check (lib/accounts/users.ts) and the strength meter in the browser.
 * This file is tiny and free of dependencies so that any page may import it; the dictionaries live in
 * lib/accounts/password-strength.ts, which the meter loads only when it is used (ADR 0095).
 */

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 256;
/** zxcvbn's score (0–4) a new password needs: 3 means "safely unguessable" (at least 10^8 guesses). ADR 0095. */
export const PASSWORD_MIN_SCORE = 3;
/** Only this many leading characters are scored: zxcvbn's cost grows with length (ADR 0095). */
export const STRENGTH_CHECKED_CHARS = 100;

/** Characters as a person counts them (code points after NFC), not UTF-16 units or bytes. */
export function passwordLength(password: string): number {
  return [...password.normalize("NFC")].length;
}

/** Why the length is refused, in words a user can act on; null when the length is fine. */
export function lengthProblem(password: string): string | null {
  const length = passwordLength(password);
  if (length < PASSWORD_MIN)
    return `Use at least ${PASSWORD_MIN} characters — length is what makes a password hard to guess.`;
  if (length > PASSWORD_MAX) return `Use at most ${PASSWORD_MAX} characters.`;
  return null;
}
