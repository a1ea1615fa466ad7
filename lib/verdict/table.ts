import "server-only";
import { env } from "@/lib/server/env";
import { RENEW_AFTER_SECONDS, sessionCookieAttributes, sessionCookieName } from "@/lib/session";
import { ACCESS_KEY, REFRESH_KEY } from "@/lib/token/bearer/client";
import { jwtCookieAttributes, jwtCookieName } from "@/lib/token/jwt";
import { assembleVerdict, type CookieFacts, type VerdictTable } from "@/lib/verdict/assemble";
import { currentSettings, readMeasurements } from "@/lib/verdict/store";

/**
 * The verdict's decision table for this deployment: the running configuration, the cookies' attributes as the
 * areas set them (read from their own functions, not restated), and the measurements the labs stored.
 * `https`: whether this request came over https (the cookies' names and Secure follow it).
 */
export async function verdictTable({ https, now = new Date() }: { https: boolean; now?: Date }): Promise<VerdictTable> {
  const config = env();
  const session = sessionCookieAttributes(https, config.SESSION_IDLE_TIMEOUT, now);
  const jwt = jwtCookieAttributes(https, now);
  const cookies: { session: CookieFacts; jwt: CookieFacts } = {
    session: {
      name: sessionCookieName(https),
      httpOnly: session.httpOnly,
      sameSite: capitalise(session.sameSite),
      secure: session.secure,
      source: "lib/session/internal/cookie.ts",
    },
    jwt: {
      name: jwtCookieName(https),
      httpOnly: jwt.HttpOnly,
      sameSite: jwt.SameSite,
      secure: jwt.Secure,
      source: "Auth.js defaults, lib/token/jwt/internal/cookie.ts",
    },
  };
  return assembleVerdict({
    config,
    settings: currentSettings(),
    renewAfterSeconds: RENEW_AFTER_SECONDS,
    cookies,
    bearerStorage: { access: ACCESS_KEY, refresh: REFRESH_KEY },
    measurements: await readMeasurements(now),
  });
}

const capitalise = (value: string) => value.charAt(0).toUpperCase() + value.slice(1);
