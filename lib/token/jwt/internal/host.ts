import type { Env } from "@/lib/server/env";

/**
 * Whether Auth.js may believe the request's Host header (it refuses untrusted hosts with a 500). AUTH_TRUST_HOST
 * decides when set (`false`/`0` really means false — Auth.js's own default would read the string as true);
 * unset, trust when AUTH_URL pins the origin, on Vercel, or outside production.
 */
export function trustHost(config: Pick<Env, "AUTH_TRUST_HOST" | "AUTH_URL" | "VERCEL" | "isProduction">): boolean {
  if (config.AUTH_TRUST_HOST) return config.AUTH_TRUST_HOST === "true" || config.AUTH_TRUST_HOST === "1";
  return Boolean(config.AUTH_URL) || config.VERCEL === "1" || !config.isProduction;
}
