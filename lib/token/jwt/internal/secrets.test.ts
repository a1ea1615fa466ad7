import { randomUUID } from "node:crypto";
import { decode, encode } from "next-auth/jwt";
import { beforeEach, describe, expect, it } from "vitest";
import { parseAuthSecrets } from "@/lib/server/key-config";
import { sessionCookieName } from "@/lib/token/jwt/internal/cookie";
import { cachedDecode, clearDecodeCache } from "@/lib/token/jwt/internal/decode-cache";
import { encodeJwt } from "@/lib/token/jwt/internal/encode";
import { jwtSecrets, jwtSecretsOf } from "@/lib/token/jwt/internal/secrets";
import { decodeSessionCookie } from "@/lib/token/jwt/read";

/**
 * Rotating the Auth.js secret (docs/key-rotation.md), in Auth.js's own convention: AUTH_SECRET_1 is newer than
 * AUTH_SECRET; the first of the list encrypts, every one decrypts. Today's single AUTH_SECRET is the whole list, so
 * an upgrade keeps every JWT.
 */

const NAME = sessionCookieName(false);
const A = "a".repeat(40);
const B = "b".repeat(40);
const secrets = (source: Record<string, string>) => jwtSecretsOf(parseAuthSecrets(source));
const before = secrets({ AUTH_SECRET: A });
const rotated = secrets({ AUTH_SECRET: A, AUTH_SECRET_1: B });
const retired = secrets({ AUTH_SECRET: B }); // step 2: the new secret moved into AUTH_SECRET, AUTH_SECRET_1 unset
const user = { id: randomUUID(), name: "Jo Rotate", email: "jo@example.com", tokenVersion: 0, jwtRevocation: false };
const now = () => Math.floor(Date.now() / 1000);
const asCookie = (value: string) => ({ name: NAME, value, chunks: [{ name: NAME, value }] });

/** A cookie exactly as the code before key rings made it: next-auth's encode with AUTH_SECRET as one string. */
async function oldCodeCookie(secret: string) {
  const token = {
    sub: user.id,
    name: user.name,
    email: user.email,
    auth_time: now(),
    token_version: 0,
    revocation: false,
  };
  return asCookie(await encode({ token, secret, salt: NAME, maxAge: 3600 }));
}

/** Which single secret a cookie decrypts under (Auth.js's own decode). */
async function decryptsUnder(value: string, secret: string) {
  return decode({ token: value, secret, salt: NAME }).then(
    (payload) => payload !== null,
    () => false,
  );
}

beforeEach(() => clearDecodeCache());

describe("rotating the Auth.js secret", () => {
  it("upgrading keeps every JWT: one made by the old code decrypts under the unchanged AUTH_SECRET", async () => {
    const old = await oldCodeCookie(A);
    expect((await decodeSessionCookie(old, before))?.sub).toBe(user.id);
    const fresh = await encodeJwt(user, NAME, { secrets: before });
    expect(await decryptsUnder(fresh, A)).toBe(true);
  });

  it("adding AUTH_SECRET_1 encrypts under it, and the AUTH_SECRET ones still decrypt (nobody is signed out)", async () => {
    const old = await oldCodeCookie(A);
    const fresh = await encodeJwt(user, NAME, { secrets: rotated });
    expect([await decryptsUnder(fresh, B), await decryptsUnder(fresh, A)]).toEqual([true, false]);
    expect((await decodeSessionCookie(old, rotated))?.sub).toBe(user.id);
    expect((await decodeSessionCookie(asCookie(fresh), rotated))?.sub).toBe(user.id);
  });

  it("removing the old secret ends exactly the JWTs encrypted under it", async () => {
    const old = await oldCodeCookie(A);
    const fresh = asCookie(await encodeJwt(user, NAME, { secrets: rotated }));
    expect(await decodeSessionCookie(old, retired)).toBeNull();
    expect((await decodeSessionCookie(fresh, retired))?.sub).toBe(user.id);
  });

  it("a JWT decrypted and cached under a secret is not answered from the cache once that secret is gone", async () => {
    const old = await oldCodeCookie(A);
    expect(await decodeSessionCookie(old, rotated)).not.toBeNull();
    expect(cachedDecode(old.name, old.value, rotated)).toBeDefined();
    expect(cachedDecode(old.name, old.value, retired)).toBeUndefined();
    expect(await decodeSessionCookie(old, retired)).toBeNull();
  });

  it("this process's list comes from the environment and names its variables, never their values", () => {
    const ring = jwtSecrets();
    expect(ring.names.at(-1)).toBe("AUTH_SECRET");
    expect(ring.list).toHaveLength(ring.names.length);
    expect(rotated.names).toEqual(["AUTH_SECRET_1", "AUTH_SECRET"]);
  });
});
