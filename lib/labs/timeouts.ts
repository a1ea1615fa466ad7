import "server-only";
import { env } from "@/lib/server/env";
import { RENEW_AFTER_SECONDS } from "@/lib/session";

/** The lifetime rules of each area, from the running configuration, for the timeline on /compare. */
export type Lifetime = {
  key: string;
  area: "session" | "token" | "bearer";
  label: string;
  /** Seconds from sign-in until it ends if used continuously (the hard cap). */
  cap: number;
  /** Seconds it survives without use (sliding window), or null when it does not slide. */
  idle: number | null;
  renewal: string;
};

export function lifetimes(): Lifetime[] {
  const c = env();
  return [
    {
      key: "session",
      area: "session",
      label: "Session",
      cap: c.SESSION_ABSOLUTE_TIMEOUT,
      idle: c.SESSION_IDLE_TIMEOUT,
      renewal: `Idle expiry slides on use, written at most once per ${RENEW_AFTER_SECONDS} s; the row can be deleted at any moment.`,
    },
    {
      key: "jwt",
      area: "token",
      label: "next-auth JWT",
      cap: c.TOKEN_ABSOLUTE_LIFETIME,
      idle: c.TOKEN_MAX_AGE,
      renewal:
        "Re-encoded with a new exp and jti whenever Auth.js's session endpoint is called; capped from auth_time.",
    },
    {
      key: "bearer-access",
      area: "bearer",
      label: "Bearer access token",
      cap: c.BEARER_ACCESS_TTL,
      idle: null,
      renewal: "Never extended: the client fetches a new one with the refresh token.",
    },
    {
      key: "bearer-refresh",
      area: "bearer",
      label: "Bearer refresh token",
      cap: c.BEARER_REFRESH_TTL,
      idle: null,
      renewal: "Rotated on every use; the family never outlives its first token's expiry.",
    },
  ];
}
