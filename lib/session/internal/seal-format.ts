/**
 * Splits an iron-session seal into the parts of the Fe26.2 format, for display only (nothing here verifies
 * anything; lib/session/internal/seal.ts does). Format, as written by iron-webcrypto and iron-session 8:
 *
 *   Fe26.2*<password id>*<encryption salt>*<IV>*<ciphertext>*<expiration ms>*<HMAC salt>*<HMAC>~<version>
 *
 * The HMAC covers the first six parts; `~2` is iron-session's own cookie-format version.
 */

export type SealPartName =
  "prefix" | "passwordId" | "encryptionSalt" | "iv" | "ciphertext" | "expiration" | "hmacSalt" | "hmac" | "version";

export type SealPart = { name: SealPartName; label: string; value: string; explanation: string };

export type ParsedSeal = {
  parts: SealPart[];
  /** The seal's own expiry (ms since the epoch), or null when it has none or it is unreadable. */
  expiresAt: number | null;
};

const LABELS: Record<SealPartName, [string, string]> = {
  prefix: ["Prefix", "Format and version of the seal (iron, MAC format 2)."],
  passwordId: [
    "Password id",
    "Which SESSION_SECRET sealed it; lets the secret be rotated without signing everyone out.",
  ],
  encryptionSalt: ["Encryption salt", "Random salt from which the AES-256 key is derived (PBKDF2 of SESSION_SECRET)."],
  iv: ["IV", "Random initialisation vector of AES-256-CBC."],
  ciphertext: ["Ciphertext", "The encrypted JSON content, base64url."],
  expiration: ["Expiration", "When the seal itself stops being accepted (ms since 1970), covered by the HMAC."],
  hmacSalt: ["HMAC salt", "Random salt from which the integrity key is derived."],
  hmac: ["HMAC", "HMAC-SHA-256 over everything before it: change one character and the seal is refused."],
  version: ["iron-session version", "Suffix added by iron-session 8 (~2: the content is stored as is)."],
};

const ORDER: SealPartName[] = [
  "prefix",
  "passwordId",
  "encryptionSalt",
  "iv",
  "ciphertext",
  "expiration",
  "hmacSalt",
  "hmac",
];

/** The labelled parts of a seal, or null when it does not even have the Fe26.2 shape. */
export function parseSeal(raw: string): ParsedSeal | null {
  const tilde = raw.lastIndexOf("~");
  const body = tilde === -1 ? raw : raw.slice(0, tilde);
  const version = tilde === -1 ? null : raw.slice(tilde + 1);
  const values = body.split("*");
  if (values.length !== ORDER.length || values[0] !== "Fe26.2") return null;
  const parts: SealPart[] = ORDER.map((name, i) => part(name, values[i]!));
  if (version !== null) parts.push(part("version", version));
  const expiration = values[5]!;
  const expiresAt = /^\d{1,16}$/.test(expiration) ? Number(expiration) : null;
  return { parts, expiresAt };
}

function part(name: SealPartName, value: string): SealPart {
  const [label, explanation] = LABELS[name];
  return { name, label, value, explanation };
}

/** The seal's expiry without building the display model (used on the hot path to decide a re-issue). */
export function sealExpiresAt(raw: string): number | null {
  const tilde = raw.lastIndexOf("~");
  const values = (tilde === -1 ? raw : raw.slice(0, tilde)).split("*");
  if (values.length !== ORDER.length || values[0] !== "Fe26.2") return null;
  const expiration = values[5]!;
  return /^\d{1,16}$/.test(expiration) ? Number(expiration) : null;
}
