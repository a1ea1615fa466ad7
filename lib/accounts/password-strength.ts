import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import { adjacencyGraphs, dictionary } from "@zxcvbn-ts/language-common";
import { translations } from "@zxcvbn-ts/language-en";
import { lengthProblem, PASSWORD_MIN_SCORE, STRENGTH_CHECKED_CHARS } from "@/lib/accounts/password-rules";

/**
 * How guessable a new password is, with zxcvbn-ts and its common dictionaries (≈ 49,000 passwords from breach
 * corpora, the diceware list, keyboard layouts), worded by zxcvbn's English feedback. The same function decides
 * on the server (sign-up, password change) and draws the meter in the browser, so the two never disagree.
 * Imported statically by the server and dynamically by the meter: never import it from a page or layout (it
 * weighs ≈ 0.5 MB). No network matcher is configured: nothing here calls out. ADR 0095.
 */

export type Score = 0 | 1 | 2 | 3 | 4;
export type PasswordAssessment = {
  /** zxcvbn's score; 0 when the length alone is refused. */
  score: Score;
  /** Why the password is refused (length or guessability), or null when it is accepted. */
  problem: string | null;
  /** zxcvbn's warning and suggestions, for the meter. */
  warning: string | null;
  suggestions: string[];
};

/** Words of this site an attacker would try first, beside the account's own email and name. */
const SITE_WORDS = ["sessions", "tokens", "sessions vs tokens", "sessionsvstokens"];

let estimator: ZxcvbnFactory | undefined;
/** Built on first use (ranking the dictionaries takes ≈ 30 ms), then reused. */
function zxcvbn(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({
    dictionary,
    graphs: adjacencyGraphs,
    translations,
    maxLength: STRENGTH_CHECKED_CHARS,
  });
  return estimator;
}

function userInputs(context: { email?: string; name?: string }): string[] {
  const inputs = [...SITE_WORDS];
  const email = context.email?.trim().toLowerCase();
  if (email) inputs.push(email, email.split("@")[0]!);
  const name = context.name?.trim();
  if (name) inputs.push(name, ...name.split(/\s+/u).filter((word) => word.length >= 3));
  return inputs.filter(Boolean);
}

/**
 * Judges a candidate password: the length rule first (cheap), then zxcvbn on the first STRENGTH_CHECKED_CHARS
 * characters, with the account's email and name as words an attacker would try.
 */
export function assessPassword(password: string, context: { email?: string; name?: string } = {}): PasswordAssessment {
  const tooShortOrLong = lengthProblem(password);
  if (tooShortOrLong) return { score: 0, problem: tooShortOrLong, warning: null, suggestions: [] };
  const scored = [...password.normalize("NFC")].slice(0, STRENGTH_CHECKED_CHARS).join("");
  const result = zxcvbn().check(scored, userInputs(context));
  const warning = result.feedback.warning || null;
  const suggestions = result.feedback.suggestions.filter(Boolean);
  const score = result.score as Score;
  const problem =
    score >= PASSWORD_MIN_SCORE
      ? null
      : [warning ?? "This password would be easy to guess.", ...suggestions.slice(0, 2)].join(" ");
  return { score, problem, warning, suggestions };
}
