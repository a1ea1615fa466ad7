import "server-only";
import { importJWK, importPKCS8 } from "jose";
import { env } from "@/lib/server/env";
import type { BearerAlgorithm, BearerKeyConfig, BearerKeyState, PublicJwk } from "@/lib/server/key-config";

/**
 * The bearer flow's key ring (docs/decisions/0103-key-rings-and-rotation.md, docs/key-rotation.md): asymmetric
 * signing keys from BEARER_SIGNING_KEYS (lib/server/key-config.ts), newest first, each with
 * - its `kid`, the RFC 7638 thumbprint of its public key: every instance derives the same one, nobody names it;
 * - its one algorithm, fixed by the key's type (Ed25519 → EdDSA, P-256 → ES256): a token is verified only with the
 *   key its `kid` names and only under that key's algorithm;
 * - its state: `next` (published in the JWKS, verifies, does not sign yet), `signing` (exactly one), `retiring`
 *   (verifies until removed).
 * Rotation is two deploys and a clean-up: publish the new key as `next:`, let it sign once every verifier's JWKS
 * cache has had time to pick it up, remove the old key once the last token it signed has expired.
 *
 * The private keys are imported once per ring as non-extractable WebCrypto keys that can only sign; the public ones
 * can only verify, and are all that GET /.well-known/jwks.json publishes. Nothing derives from AUTH_SECRET any more.
 */

export type RingKey = {
  kid: string;
  alg: BearerAlgorithm;
  state: BearerKeyState;
  publicKey: CryptoKey;
  publicJwk: PublicJwk;
};

export type KeyRing = {
  /** The kids and states in order: two rings with the same id hold the same keys. */
  id: string;
  signing: RingKey & { privateKey: CryptoKey };
  /** Every key that verifies (all of them), by kid. A Map: a kid of `__proto__` or `constructor` finds nothing. */
  byKid: Map<string, RingKey>;
  keys: RingKey[];
};

/** Where the app publishes its JSON Web Key Set. */
export const JWKS_PATH = "/.well-known/jwks.json";
/**
 * How long any HTTP cache may keep the JWKS (its Cache-Control max-age). A rotation waits at least this long, plus
 * the verifiers' own refetch cooldown, between publishing a key and signing with it (docs/key-rotation.md).
 */
export const JWKS_MAX_AGE_SECONDS = 300;
/** How long our verifier waits after a fetch before an unknown kid makes it refetch (services/verifier COOLDOWN_MS). */
export const VERIFIER_COOLDOWN_SECONDS = 30;
/** Publish → sign: the longest a verifier can go on with the key set from before the new key was published. */
export const PUBLISH_WAIT_SECONDS = JWKS_MAX_AGE_SECONDS + VERIFIER_COOLDOWN_SECONDS;

/** A published key: the public members, its kid and algorithm, for signatures. Never a private member. */
export type PublishedJwk = PublicJwk & { kid: string; alg: BearerAlgorithm; use: "sig" };

const asPem = (der: Buffer) =>
  `-----BEGIN PRIVATE KEY-----\n${der.toString("base64").replace(/.{1,64}/g, "$&\n")}-----END PRIVATE KEY-----`;

async function importRing(config: BearerKeyConfig[]): Promise<KeyRing> {
  const keys = await Promise.all(
    config.map(async ({ kid, alg, state, publicJwk }): Promise<RingKey> => {
      const publicKey = (await importJWK({ ...publicJwk, alg }, alg)) as CryptoKey;
      return { kid, alg, state, publicJwk, publicKey };
    }),
  );
  const signingConfig = config.find((k) => k.state === "signing")!;
  const privateKey = await importPKCS8(asPem(signingConfig.pkcs8), signingConfig.alg, { extractable: false });
  return {
    id: config.map((k) => `${k.state}:${k.kid}`).join(","),
    signing: { ...keys.find((k) => k.kid === signingConfig.kid)!, privateKey },
    byKid: new Map(keys.map((k) => [k.kid, k])),
    keys,
  };
}

const rings = new WeakMap<BearerKeyConfig[], Promise<KeyRing>>();

/** The ring for a configured key list, imported once per list (a failed import is tried again next time). */
export function keyRingOf(config: BearerKeyConfig[]): Promise<KeyRing> {
  let ring = rings.get(config);
  if (!ring) {
    ring = importRing(config);
    rings.set(config, ring);
    ring.catch(() => rings.delete(config));
  }
  return ring;
}

/** This process's key ring. */
export function keyRing(): Promise<KeyRing> {
  return keyRingOf(env().bearerKeys);
}

/** The JSON Web Key Set of a ring: its public keys, newest first. */
export function jwksOf(ring: KeyRing): { keys: PublishedJwk[] } {
  return { keys: ring.keys.map((k) => ({ ...k.publicJwk, kid: k.kid, alg: k.alg, use: "sig" })) };
}

/** This process's JSON Web Key Set (GET /.well-known/jwks.json). */
export async function bearerJwks(): Promise<{ keys: PublishedJwk[] }> {
  return jwksOf(await keyRing());
}

/** Which keys the ring holds, in what state (public facts only): for the labs and pages. */
export function bearerKeyRing(): { kid: string; alg: BearerAlgorithm; state: BearerKeyState }[] {
  return env().bearerKeys.map(({ kid, alg, state }) => ({ kid, alg, state }));
}
