// @ts-check
/**
 * A separate service that verifies the app's bearer access tokens with the app's PUBLIC keys alone: it is configured
 * with the URL of the app's JSON Web Key Set and nothing else — no database, no AUTH_SECRET, no code of the app
 * (eslint.config.mjs keeps lib/ out of this folder). It is what "the server validates the token's signature without
 * a database lookup" means once the verifier is another service: docs/decisions/0103-key-rings-and-rotation.md.
 *
 * The key set is fetched with jose's createRemoteJWKSet: cached, refetched when it is older than CACHE_MAX_AGE_MS or
 * when a token names a key it does not know (at most once per COOLDOWN_MS), so a key the app publishes is picked up
 * without a restart. On top of jose's checks this verifier refuses:
 *   - a key set that publishes a private member (`d`, …) or a symmetric (`oct`) key: whoever can read it can sign,
 *     so no token is trusted while the set looks like that;
 *   - a key without `alg`, or whose `alg`, `kty` or `crv` disagrees with the token's algorithm;
 *   - any algorithm but EdDSA and ES256 (so `none` and HS256 made with a public key as HMAC secret never verify);
 *   - a token whose header is anything but `alg`, `kid`, `typ: at+jwt`, and a `kid` that is not a short plain name.
 * What it cannot know is everything the app's database knows: a refresh family revoked a second ago, a password
 * changed — the access token still verifies here until its `exp` (the app keeps access tokens short for that).
 *
 * Plain JavaScript (checked by TypeScript through JSDoc, services/verifier/tsconfig.json), so Node and Vercel run it
 * as it is, without a build step.
 */
import { createRemoteJWKSet, customFetch, decodeProtectedHeader, errors, jwtVerify } from "jose";

/** The tokens this verifier accepts: the issuer's protocol, restated here because it imports nothing of the app. */
export const ISSUER = "sessions-vs-tokens";
export const AUDIENCE = "sessions-vs-tokens:bearer-api";
export const TOKEN_TYPE = "at+jwt";
/** Each algorithm with the only key type it may be verified with. */
export const KEY_TYPES = Object.freeze({
  EdDSA: { kty: "OKP", crv: "Ed25519" },
  ES256: { kty: "EC", crv: "P-256" },
});
export const ALGORITHMS = /** @type {(keyof typeof KEY_TYPES)[]} */ (Object.keys(KEY_TYPES));
/** Refetch the key set when it is older than this, even if every kid is known (bounds how long a removed key lives). */
export const CACHE_MAX_AGE_MS = 5 * 60_000;
/** After a fetch, an unknown kid triggers the next one only after this long (a flood of bad kids costs one fetch). */
export const COOLDOWN_MS = 30_000;
/** A key set fetch that takes longer than this fails (the request answers 503). */
export const FETCH_TIMEOUT_MS = 5_000;
/** Clock skew tolerated (seconds), and the oldest `iat` accepted: access tokens live minutes, never a day. */
const CLOCK_TOLERANCE = 5;
const MAX_TOKEN_AGE = "1 day";
const MAX_AUTHORIZATION_LENGTH = 4096;
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const KID = /^[A-Za-z0-9_-]{1,128}$/;
const PRIVATE_MEMBERS = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"];
const HEADERS = {
  "Content-Type": "application/json",
  "Cache-Control": "no-store",
  "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'; base-uri 'none'",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
};

/** A key set the verifier will not trust at all, whatever token comes. */
export class UnsafeKeySet extends Error {
  name = "UnsafeKeySet";
}
/** A token refused before its signature was looked at (header, kid, key/algorithm mismatch). */
class Refused extends Error {
  name = "Refused";
}

/**
 * The configuration, from an environment holding JWKS_URL and PORT (nothing else is read). Throws an Error whose
 * message is one sentence saying what to set. The key set must come over https — a network attacker who could
 * swap it could sign tokens — except from this machine (http://localhost, 127.0.0.1, [::1]).
 * @param {Record<string, string | undefined>} source
 * @param {{ requirePort?: boolean }} [options]
 */
export function readConfig(source, { requirePort = true } = {}) {
  const raw = source.JWKS_URL;
  if (!raw)
    throw new Error(
      "JWKS_URL is not set: set it to the app's key set, for example https://your-app.vercel.app/.well-known/jwks.json.",
    );
  const url = URL.parse(raw);
  const loopback = url && ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
  if (!url || !(url.protocol === "https:" || (url.protocol === "http:" && loopback)) || url.username || url.password)
    throw new Error(
      "JWKS_URL must be an https:// URL without credentials (http:// only for localhost), for example https://your-app.vercel.app/.well-known/jwks.json.",
    );
  const port = Number(source.PORT);
  if (requirePort && !(Number.isInteger(port) && port > 0 && port < 65536))
    throw new Error("PORT must be a port number between 1 and 65535, for example PORT=4100.");
  return { jwksUrl: url, port };
}

/**
 * Refuses a key set that publishes secret material (a private member, a symmetric key) or names one kid twice.
 * @param {{ keys: Array<Record<string, unknown>> }} set
 */
export function assertSafeKeySet(set) {
  const seen = new Set();
  for (const jwk of set.keys) {
    if (jwk.kty === "oct") throw new UnsafeKeySet("the key set publishes a symmetric (oct) key");
    const member = PRIVATE_MEMBERS.find((name) => name in jwk);
    if (member) throw new UnsafeKeySet(`the key set publishes a private key member (${member})`);
    if (typeof jwk.kid === "string") {
      if (seen.has(jwk.kid)) throw new UnsafeKeySet(`the key set lists kid ${jwk.kid} twice`);
      seen.add(jwk.kid);
    }
  }
}

/**
 * The verifier: `whoami(request)` answers GET /whoami, `health()` GET /health, `handle(request)` routes both (the
 * Node server), `keySet()` reports what it has fetched.
 * @param {{ jwksUrl: URL | string, cooldownMs?: number, cacheMaxAgeMs?: number, timeoutMs?: number,
 *   fetch?: typeof fetch }} options
 */
export function createVerifier(options) {
  const jwksUrl = new URL(options.jwksUrl);
  const fetchImpl = options.fetch ?? globalThis.fetch;
  let fetches = 0;
  /** @type {number | null} */
  let fetchedAt = null;
  const remote = createRemoteJWKSet(jwksUrl, {
    cooldownDuration: options.cooldownMs ?? COOLDOWN_MS,
    cacheMaxAge: options.cacheMaxAgeMs ?? CACHE_MAX_AGE_MS,
    timeoutDuration: options.timeoutMs ?? FETCH_TIMEOUT_MS,
    [customFetch]: async (/** @type {string} */ url, /** @type {RequestInit} */ init) => {
      fetches++;
      const response = await fetchImpl(url, init);
      if (response.status === 200) fetchedAt = Date.now();
      return response;
    },
  });

  /**
   * The public key for a token: jose picks it from the (cached) set by kid and algorithm; then the whole set must
   * be safe and the key must say, itself, that it is for exactly this algorithm.
   * @param {import("jose").JWSHeaderParameters} header
   * @param {import("jose").FlattenedJWSInput} token
   */
  async function keyFor(header, token) {
    const alg = /** @type {keyof typeof KEY_TYPES} */ (header.alg);
    if (!Object.hasOwn(KEY_TYPES, alg)) throw new Refused("algorithm not allowed");
    let key;
    try {
      key = await remote(header, token);
    } catch (error) {
      // Whatever failed (no such kid, a key jose would not import), a set that publishes secrets is the news.
      const set = remote.jwks();
      if (set) assertSafeKeySet(/** @type {{ keys: Array<Record<string, unknown>> }} */ (set));
      throw error;
    }
    const set = /** @type {{ keys: Array<Record<string, unknown>> }} */ (remote.jwks());
    assertSafeKeySet(set);
    const jwk = set.keys.find((k) => k.kid === header.kid);
    const expected = KEY_TYPES[alg];
    if (!jwk || jwk.alg !== alg || jwk.kty !== expected.kty || jwk.crv !== expected.crv)
      throw new Refused("the key's algorithm disagrees with the token");
    return key;
  }

  /** @param {number} status @param {unknown} body @param {Record<string, string>} [extra] */
  const answer = (status, body, extra = {}) =>
    new Response(JSON.stringify(body), { status, headers: { ...HEADERS, ...extra } });
  /** @param {string} reason @param {number} [status] */
  const refuse = (reason, status = 401) =>
    answer(
      status,
      { verified: false, error: reason },
      status === 401
        ? {
            "WWW-Authenticate": `Bearer realm="verifier", error="invalid_token", error_description="${reason.replace(/"/g, "'")}"`,
          }
        : { "Retry-After": "5" },
    );

  /** What the verifier holds: the key set's URL, its kids, how often it fetched it, and when it last did. */
  function keySet() {
    const set = /** @type {{ keys: Array<{ kid?: unknown }> } | undefined} */ (remote.jwks());
    return {
      url: jwksUrl.href,
      kids: set ? set.keys.map((k) => (typeof k.kid === "string" ? k.kid : null)) : [],
      fetches,
      fetchedAt: fetchedAt === null ? null : new Date(fetchedAt).toISOString(),
    };
  }

  /** GET /whoami with `Authorization: Bearer <access token>` → 200 with the verified claims, or 401 / 503. @param {Request} request */
  async function whoami(request) {
    if (request.method !== "GET" && request.method !== "HEAD")
      return answer(405, { error: "Method not allowed. Use GET." }, { Allow: "GET, HEAD" });
    const authorization = request.headers.get("authorization");
    if (!authorization)
      return answer(
        401,
        { verified: false, error: "Send an access token: Authorization: Bearer <token>." },
        { "WWW-Authenticate": 'Bearer realm="verifier"' },
      );
    const token =
      authorization.length <= MAX_AUTHORIZATION_LENGTH ? /^\s*bearer +(\S+)\s*$/i.exec(authorization)?.[1] : undefined;
    if (!token || !COMPACT_JWS.test(token)) return refuse("malformed token");
    let header;
    try {
      header = decodeProtectedHeader(token);
    } catch {
      return refuse("malformed token");
    }
    if (Object.keys(header).sort().join() !== "alg,kid,typ" || typeof header.kid !== "string" || !KID.test(header.kid))
      return refuse("unexpected token header");
    try {
      const { payload, protectedHeader } = await jwtVerify(token, keyFor, {
        algorithms: ALGORITHMS,
        issuer: ISSUER,
        audience: AUDIENCE,
        typ: TOKEN_TYPE,
        requiredClaims: ["iss", "aud", "sub", "iat", "exp", "jti"],
        maxTokenAge: MAX_TOKEN_AGE,
        clockTolerance: CLOCK_TOLERANCE,
      });
      if (payload.token_use !== "access") return refuse("not an access token");
      const { sub, name, email } = payload;
      return answer(200, {
        verified: true,
        user: { id: sub, name, email },
        header: { alg: protectedHeader.alg, kid: protectedHeader.kid, typ: protectedHeader.typ },
        claims: payload,
        // By construction: this process has no database client and holds no secret (JWKS_URL and PORT only).
        verifier: { keySet: keySet(), databaseQueries: 0, secrets: 0 },
      });
    } catch (error) {
      return refusal(error);
    }
  }

  /** @param {unknown} error */
  function refusal(error) {
    if (error instanceof UnsafeKeySet) {
      console.error(`[verifier] refusing every token: ${error.message} (${jwksUrl.href})`);
      return refuse(`unsafe key set: ${error.message}`);
    }
    if (error instanceof Refused) return refuse(error.message);
    if (error instanceof errors.JWKSNoMatchingKey) return refuse("unknown key");
    if (error instanceof errors.JWKSInvalid) return refuse("unusable key set");
    if (error instanceof errors.JWKSTimeout) return refuse("the key set could not be fetched in time", 503);
    if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported)
      return refuse("algorithm not allowed");
    if (error instanceof errors.JWTExpired) return refuse("expired");
    if (error instanceof errors.JWTClaimValidationFailed) return refuse(`claim ${error.claim} failed`);
    if (error instanceof errors.JWSSignatureVerificationFailed) return refuse("bad signature");
    if (error instanceof errors.JOSEError && /JSON Web Key Set/.test(error.message))
      return refuse("the key set could not be fetched", 503); // not 200, not JSON
    if (error instanceof errors.JOSEError) return refuse("invalid token");
    if (error instanceof DOMException) return refuse("unusable key set"); // WebCrypto refused to import a key
    // fetch() itself failed (refused connection, DNS): the key set is unreachable. Fail closed.
    return refuse("the key set could not be fetched", 503);
  }

  function health() {
    return answer(200, { status: "ok", keySet: keySet() });
  }

  /** Routes a request of the Node server (server.mjs). @param {Request} request */
  async function handle(request) {
    const { pathname } = new URL(request.url);
    if (pathname === "/whoami") return whoami(request);
    if (pathname === "/health")
      return request.method === "GET" || request.method === "HEAD"
        ? health()
        : answer(405, { error: "Method not allowed. Use GET." }, { Allow: "GET, HEAD" });
    return answer(404, { error: "Not found. GET /whoami with Authorization: Bearer <token>, or GET /health." });
  }

  return { whoami, health, handle, keySet };
}
