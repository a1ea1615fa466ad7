import { createHmac, hkdfSync } from "node:crypto";

/**
 * A bearer access token exactly as the app signed them before asymmetric keys (ADR 0021, replaced by ADR 0103):
 * HS256, with an HMAC key derived from AUTH_SECRET by HKDF-SHA-256 (salt `sessions-vs-tokens`, info
 * `sessions-vs-tokens bearer access token HS256 v1`), header `{alg: "HS256", typ: "at+jwt"}`. The app refuses such
 * tokens now; their holders get a new one with their refresh token. For the upgrade tests only.
 */
export function legacyHs256Token(authSecret: string, claims: Record<string, unknown>): string {
  const key = Buffer.from(
    hkdfSync("sha256", authSecret, "sessions-vs-tokens", "sessions-vs-tokens bearer access token HS256 v1", 32),
  );
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const input = `${b64({ alg: "HS256", typ: "at+jwt" })}.${b64(claims)}`;
  return `${input}.${createHmac("sha256", key).update(input).digest("base64url")}`;
}
