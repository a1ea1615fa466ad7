/**
 * How the labs judge an outcome: by what it means for security, never by the HTTP status. A 401 after sign-out is
 * good news; a 200 is a stolen copy that still works. Shared by the server (lib/labs/*, which judges every outcome
 * from what it measured) and the page (the legend, the badges): no "server-only", no secrets.
 */

export const RISK_LEVELS = ["safe", "limited", "exposed", "neutral"] as const;
export type Risk = (typeof RISK_LEVELS)[number];

export type RiskInfo = {
  /** One or two words, always shown next to the colour (colour is never the only signal). */
  label: string;
  /** A symbol shown with the label, for a glance and for colour-blind readers. */
  symbol: string;
  /** What the level means, for the legend. */
  meaning: string;
};

export const RISK: Record<Risk, RiskInfo> = {
  safe: {
    label: "Safe",
    symbol: "✓",
    meaning: "Did what a careful system should: the credential ended when it should, or the attack was refused.",
  },
  limited: {
    label: "Limited risk",
    symbol: "!",
    meaning: "A stolen copy still works (or still says something stale), but only for a short, bounded time.",
  },
  exposed: {
    label: "At risk",
    symbol: "✕",
    meaning: "A stolen copy still works, for hours or days, and nothing on the server can end it sooner.",
  },
  neutral: {
    label: "Baseline",
    symbol: "•",
    meaning: "Neither good nor bad: what a credential did before the event, or what it does by design.",
  },
};

/** Ordered from worst to best, for summaries ("the worst outcome of this lab"). */
const SEVERITY: Record<Risk, number> = { exposed: 3, limited: 2, safe: 1, neutral: 0 };

/** The worst risk among some outcomes (neutral when there are none). */
export function worstRisk(risks: readonly Risk[]): Risk {
  return risks.reduce<Risk>((worst, r) => (SEVERITY[r] > SEVERITY[worst] ? r : worst), "neutral");
}
