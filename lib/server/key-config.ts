import "server-only";
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import { ConfigError } from "@/lib/server/config-error";

/**
 * Every secret is a list, so it can be rotated without signing anyone out (docs/key-rotation.md,
 * docs/decisions/0103-key-rings-and-rotation.md). This module reads the three lists from the environment and
 * refuses a malformed one with one sentence; the areas turn them into keys:
 *
 *   session seals   SESSION_SECRET is iron-session password 1, SESSION_SECRET_<n> (n ≥ 2) password n; the highest
 *                   id seals, every listed id opens (lib/session/internal/passwords.ts).
 *   next-auth JWTs  Auth.js's own convention (@auth/core `setEnvDefaults`): AUTH_SECRET, then AUTH_SECRET_1..3, the
 *                   highest number first; the first encrypts, every one decrypts (lib/token/jwt/internal/secrets.ts).
 *   bearer tokens   BEARER_SIGNING_KEYS: private keys, newest first, comma-separated; each the base64 of a PKCS#8
 *                   DER Ed25519 (→ EdDSA) or P-256 (→ ES256) key, the first one optionally marked `next:`
 *                   (published, not signing yet). Each key's `kid` is its RFC 7638 thumbprint
 *                   (lib/token/bearer/internal/keys.ts).
 *
 * Today's single SESSION_SECRET and AUTH_SECRET are exactly key 1 of their lists, so an upgrade changes nothing.
 */

/** The shortest secret accepted (iron-session refuses shorter passwords). */
export const MIN_SECRET_LENGTH = 32;
/** The most keys a bearer ring holds: the next one, the signing one, and a couple still verifying. */
export const MAX_BEARER_KEYS = 4;
/** iron-session password ids we accept (SESSION_SECRET_2 … SESSION_SECRET_999). */
const MAX_SESSION_PASSWORD_ID = 999;
/** Auth.js reads AUTH_SECRET_1 to AUTH_SECRET_3 (@auth/core lib/utils/env.js). */
const AUTH_SECRET_SLOTS = [3, 2, 1] as const;

const GENERATE = "for example `openssl rand -base64 32`";

type Source = Record<string, string | undefined>;

function requireLength(name: string, value: string) {
  if (value.length < MIN_SECRET_LENGTH)
    throw new ConfigError(
      `${name} is too short: set it to a random string of at least ${MIN_SECRET_LENGTH} characters (${GENERATE}).`,
    );
}

function refuseRepeats(list: { name: string; value: string }[]) {
  for (const [i, entry] of list.entries()) {
    const same = list.slice(i + 1).find((other) => other.value === entry.value);
    if (same)
      throw new ConfigError(
        `${same.name} has the same value as ${entry.name}: a rotation needs a new random string (${GENERATE}).`,
      );
  }
}

/**
 * A short fingerprint of a list of secrets, for keying caches by the list that checked a credential. Computed and
 * kept in memory only, never shown or logged (it is a hash of secrets).
 */
export function listFingerprint(items: string[]): string {
  const digest = createHash("sha256");
  for (const item of items) digest.update(`${item}\0`);
  return digest.digest("base64url").slice(0, 22);
}

/** Builds once per configured list (the env object keeps its arrays), so a hot path never rebuilds a ring. */
export function memoised<K extends object, V>(build: (key: K) => V): (key: K) => V {
  const built = new WeakMap<K, V>();
  return (key) => {
    let value = built.get(key);
    if (value === undefined) built.set(key, (value = build(key)));
    return value;
  };
}

// --- session seals ---------------------------------------------------------------------------------------------

export type SessionPassword = { id: number; name: string; secret: string };

/** The names of the session passwords a source sets: SESSION_SECRET and any SESSION_SECRET_<n>. */
export function sessionPasswordNames(source: Source): string[] {
  return Object.keys(source).filter((name) => /^SESSION_SECRET(_.*)?$/.test(name) && source[name]);
}

/** The session passwords, highest id (the one that seals) first. Throws a ConfigError for a malformed one. */
export function parseSessionPasswords(source: Source): SessionPassword[] {
  const passwords: SessionPassword[] = [];
  for (const name of sessionPasswordNames(source)) {
    const digits = /^SESSION_SECRET(?:_([1-9]\d*))?$/.exec(name);
    const id = digits ? Number(digits[1] ?? 1) : NaN;
    if (!(id === 1 ? name === "SESSION_SECRET" : id >= 2 && id <= MAX_SESSION_PASSWORD_ID))
      throw new ConfigError(
        `${name} is not a session password name: SESSION_SECRET is password 1, the next ones are SESSION_SECRET_2, SESSION_SECRET_3, … (docs/key-rotation.md).`,
      );
    const secret = source[name]!;
    requireLength(name, secret);
    passwords.push({ id, name, secret });
  }
  if (passwords.length === 0)
    throw new ConfigError(
      `SESSION_SECRET is not set: set it to a random string of at least ${MIN_SECRET_LENGTH} characters (${GENERATE}).`,
    );
  passwords.sort((a, b) => b.id - a.id);
  refuseRepeats(passwords.map((p) => ({ name: p.name, value: p.secret })));
  return passwords;
}

// --- next-auth JWTs --------------------------------------------------------------------------------------------

export type AuthSecret = { name: string; secret: string };

/** Auth.js's secret list, in its own order: AUTH_SECRET_3, _2, _1, then AUTH_SECRET. The first one encrypts. */
export function parseAuthSecrets(source: Source): AuthSecret[] {
  for (const name of Object.keys(source)) {
    if (/^AUTH_SECRET_/.test(name) && source[name] && !/^AUTH_SECRET_[123]$/.test(name))
      throw new ConfigError(
        `${name} is not read by Auth.js: it reads AUTH_SECRET and AUTH_SECRET_1 to AUTH_SECRET_3, the highest number encrypting (docs/key-rotation.md).`,
      );
  }
  const names = [...AUTH_SECRET_SLOTS.map((n) => `AUTH_SECRET_${n}`), "AUTH_SECRET"];
  const secrets = names.filter((name) => source[name]).map((name) => ({ name, secret: source[name]! }));
  if (!source.AUTH_SECRET)
    throw new ConfigError(
      `AUTH_SECRET is not set: set it to a random string of at least ${MIN_SECRET_LENGTH} characters (${GENERATE}).`,
    );
  for (const { name, secret } of secrets) requireLength(name, secret);
  refuseRepeats(secrets.map((s) => ({ name: s.name, value: s.secret })));
  return secrets;
}

// --- bearer signing keys ---------------------------------------------------------------------------------------

export type BearerAlgorithm = "EdDSA" | "ES256";
/** `next`: published, not signing yet · `signing`: signs new tokens · `retiring`: verifies, never signs. */
export type BearerKeyState = "next" | "signing" | "retiring";
export type PublicJwk = { kty: "OKP"; crv: "Ed25519"; x: string } | { kty: "EC"; crv: "P-256"; x: string; y: string };

export type BearerKeyConfig = {
  kid: string;
  alg: BearerAlgorithm;
  state: BearerKeyState;
  /** The private key as configured (PKCS#8 DER); only the bearer area's key ring imports it. */
  pkcs8: Buffer;
  publicJwk: PublicJwk;
};

const NEXT_MARK = "next:";
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;
const HOW_TO_GENERATE =
  "`openssl genpkey -algorithm ed25519 -outform DER | openssl base64 -A` or `npm run keys -- new` (docs/key-rotation.md)";

/** RFC 7638: the SHA-256 of the key's required public members, in lexicographic order, base64url. */
export function jwkThumbprint(jwk: PublicJwk): string {
  const members = jwk.kty === "OKP" ? { crv: jwk.crv, kty: jwk.kty, x: jwk.x } : { ...jwk };
  const canonical = JSON.stringify(members, Object.keys(members).sort());
  return createHash("sha256").update(canonical).digest("base64url");
}

function importEntry(body: string, where: string): { alg: BearerAlgorithm; publicJwk: PublicJwk; pkcs8: Buffer } {
  const refuse = (what: string) =>
    new ConfigError(
      `BEARER_SIGNING_KEYS ${where} ${what}: each entry is the base64 of an Ed25519 or P-256 private key in PKCS#8 DER, for example from ${HOW_TO_GENERATE}.`,
    );
  if (!BASE64.test(body)) throw refuse("is not base64");
  const der = Buffer.from(body, "base64"); // Node's base64 decoder reads both alphabets
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: der, format: "der", type: "pkcs8" });
  } catch {
    throw refuse("is not a private key");
  }
  const curve = key.asymmetricKeyDetails?.namedCurve;
  const alg: BearerAlgorithm | null =
    key.asymmetricKeyType === "ed25519"
      ? "EdDSA"
      : key.asymmetricKeyType === "ec" && curve === "prime256v1"
        ? "ES256"
        : null;
  if (!alg) throw refuse(`is a ${key.asymmetricKeyType}${curve ? ` ${curve}` : ""} key`);
  const jwk = createPublicKey(key).export({ format: "jwk" }) as Record<string, string>;
  const publicJwk: PublicJwk =
    alg === "EdDSA" ? { kty: "OKP", crv: "Ed25519", x: jwk.x! } : { kty: "EC", crv: "P-256", x: jwk.x!, y: jwk.y! };
  return { alg, publicJwk, pkcs8: key.export({ format: "der", type: "pkcs8" }) };
}

/**
 * The bearer key ring as configured, newest first. Throws a ConfigError (one sentence) for an empty, malformed or
 * inconsistent list: a `next:` mark anywhere but on the first of several keys, a key listed twice, too many keys.
 */
export function parseBearerKeys(value: string | undefined): BearerKeyConfig[] {
  const entries = (value ?? "").split(/[\s,]+/).filter(Boolean);
  if (entries.length === 0)
    throw new ConfigError(
      `BEARER_SIGNING_KEYS is not set: set it to a private signing key, for example from ${HOW_TO_GENERATE}.`,
    );
  if (entries.length > MAX_BEARER_KEYS)
    throw new ConfigError(
      `BEARER_SIGNING_KEYS lists ${entries.length} keys: keep at most ${MAX_BEARER_KEYS} (the next one, the signing one and those still verifying; docs/key-rotation.md).`,
    );
  const keys: BearerKeyConfig[] = [];
  for (const [i, entry] of entries.entries()) {
    const next = entry.startsWith(NEXT_MARK);
    if (next && i > 0)
      throw new ConfigError(
        `BEARER_SIGNING_KEYS entry ${i + 1} is marked next: only the first (newest) key may be, until it signs (docs/key-rotation.md).`,
      );
    const imported = importEntry(next ? entry.slice(NEXT_MARK.length) : entry, `entry ${i + 1}`);
    const kid = jwkThumbprint(imported.publicJwk);
    if (keys.some((k) => k.kid === kid))
      throw new ConfigError(`BEARER_SIGNING_KEYS lists the same key twice (entry ${i + 1}): remove the repeat.`);
    const state: BearerKeyState = next ? "next" : keys.some((k) => k.state === "signing") ? "retiring" : "signing";
    keys.push({ kid, state, ...imported });
  }
  if (!keys.some((k) => k.state === "signing"))
    throw new ConfigError(
      "BEARER_SIGNING_KEYS has no key that signs: a key marked next: is only published, so list the signing key after it (docs/key-rotation.md).",
    );
  return keys;
}

/** A new private signing key in the format BEARER_SIGNING_KEYS reads (base64url of PKCS#8 DER). */
export function newBearerSigningKey(alg: BearerAlgorithm = "EdDSA"): string {
  const { privateKey } =
    alg === "EdDSA" ? generateKeyPairSync("ed25519") : generateKeyPairSync("ec", { namedCurve: "P-256" });
  return privateKey.export({ format: "der", type: "pkcs8" }).toString("base64url");
}
