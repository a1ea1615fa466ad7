import { createHmac, randomUUID } from "node:crypto";
import { encode as encodeAuthJs } from "next-auth/jwt";
import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { env } from "@/lib/server/env";
import {
  ACCESS_TOKEN_TYP,
  MAX_AUTHORIZATION_LENGTH,
  signAccessToken,
  verifyAccessToken,
} from "@/lib/token/bearer/internal/access-token";
import { BEARER_AUDIENCE, BEARER_ISSUER } from "@/lib/token/bearer/internal/claims";
import { bearerCredential, readBearer } from "@/lib/token/bearer/read";
import { BEARER_KEY_INFO, BEARER_KEY_SALT, bearerKey, deriveHs256Key } from "@/lib/token/bearer/internal/keys";
import { newRefreshToken } from "@/lib/token/bearer/internal/refresh-store";
import { accessClaims } from "@/test/access-claims";

const user = { id: randomUUID(), name: "Bea Arer", email: "bea@example.com" };
const family = randomUUID();
const now = () => Math.floor(Date.now() / 1000);
const b64 = (value: unknown) =>
  Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");

const claims = (overrides: Record<string, unknown> = {}, omit: string[] = []) =>
  accessClaims(user, family, overrides, omit);

/** The bearer key's raw bytes, derived independently of lib/token/bearer/internal/keys.ts, to forge tokens with any header. */
async function keyBytes(): Promise<Buffer> {
  const encoder = new TextEncoder();
  const material = await crypto.subtle.importKey("raw", encoder.encode(env().AUTH_SECRET), "HKDF", false, [
    "deriveBits",
  ]);
  const bits = await crypto.subtle.deriveBits(
    { name: "HKDF", hash: "SHA-256", salt: encoder.encode(BEARER_KEY_SALT), info: encoder.encode(BEARER_KEY_INFO) },
    material,
    256,
  );
  return Buffer.from(bits);
}

/** HMAC-SHA-256 with the real key over any header and payload: only the header/claims make these invalid. */
async function forge(
  header: Record<string, unknown> | string,
  payload: Record<string, unknown> | string,
  hash = "sha256",
): Promise<string> {
  const input = `${b64(header)}.${b64(payload)}`;
  const signature = createHmac(hash, await keyBytes())
    .update(input)
    .digest("base64url");
  return `${input}.${signature}`;
}

const GOOD_HEADER = { alg: "HS256", typ: ACCESS_TOKEN_TYP };

/** What GET /api/bearer/me answers for this header: readBearer's 401 (the route adds nothing to a refusal). */
async function meStatus(authorization: string) {
  const read = await readBearer(new Headers({ authorization }));
  if (read.ok) return { status: 200, challenge: null, body: {} };
  const response = read.response;
  return { status: response.status, challenge: response.headers.get("www-authenticate"), body: await response.json() };
}

describe("access tokens", () => {
  it("verifies what it signs, with every required claim, the pinned header and a short lifetime", async () => {
    const { token, expiresIn, claims: issued } = await signAccessToken(user, family);
    expect(expiresIn).toBe(env().BEARER_ACCESS_TTL);
    const verified = await verifyAccessToken(token);
    expect(verified?.header).toEqual({ alg: "HS256", typ: "at+jwt" });
    expect(verified?.claims).toEqual(issued);
    expect(issued).toMatchObject({ iss: BEARER_ISSUER, aud: BEARER_AUDIENCE, sub: user.id, token_use: "access" });
    expect(issued.exp - issued.iat).toBe(env().BEARER_ACCESS_TTL);
    expect(verified?.signature).toBe(token.split(".")[2]);
    const me = await readBearer(new Headers({ authorization: `Bearer ${token}` }));
    expect(me.ok && me.token.claims).toEqual(issued);
  });

  it("the forging helper produces accepted tokens when nothing is wrong (so the rejections below mean something)", async () => {
    expect(await verifyAccessToken(await forge(GOOD_HEADER, claims()))).not.toBeNull();
  });

  it("gives every access token a new jti", async () => {
    const a = await signAccessToken(user, family);
    const b = await signAccessToken(user, family);
    expect(a.claims.jti).not.toBe(b.claims.jti);
  });
});

describe("verification rejects (401 with a Bearer challenge, never 5xx)", () => {
  const cases: Array<readonly [string, () => Promise<string>]> = [
    ...["none", "None", "NONE", "nOnE"].map(
      (alg) =>
        [`alg "${alg}" without a signature`, async () => `${b64({ alg, typ: "at+jwt" })}.${b64(claims())}.`] as const,
    ),
    ...["none", "NoNe"].map(
      (alg) =>
        [
          `alg "${alg}" with a real signature attached`,
          async () => {
            const real = (await signAccessToken(user, family)).token.split(".")[2];
            return `${b64({ alg, typ: "at+jwt" })}.${b64(claims())}.${real}`;
          },
        ] as const,
    ),
    ["alg HS512 with the same key", async () => forge({ alg: "HS512", typ: "at+jwt" }, claims(), "sha512")],
    [
      "alg RS256 with an HMAC signature (algorithm confusion)",
      async () => forge({ alg: "RS256", typ: "at+jwt" }, claims()),
    ],
    [
      "a wrong key",
      async () =>
        new SignJWT(claims())
          .setProtectedHeader(GOOD_HEADER)
          .sign(await deriveHs256Key("another secret that is at least thirty-two characters")),
    ],
    [
      "the right secret under another HKDF label",
      async () =>
        new SignJWT(claims())
          .setProtectedHeader(GOOD_HEADER)
          .sign(await deriveHs256Key(env().AUTH_SECRET, "Auth.js Generated Encryption Key")),
    ],
    [
      "a changed payload (another sub) with the original signature",
      async () => {
        const [header, , signature] = (await signAccessToken(user, family)).token.split(".");
        return `${header}.${b64(claims({ sub: randomUUID() }))}.${signature}`;
      },
    ],
    [
      "one changed character of the signature",
      async () => {
        const token = (await signAccessToken(user, family)).token;
        const last = token.at(-2) === "A" ? "B" : "A";
        return `${token.slice(0, -2)}${last}${token.at(-1)}`;
      },
    ],
    ["a missing exp", async () => forge(GOOD_HEADER, claims({}, ["exp"]))],
    ["a past exp", async () => forge(GOOD_HEADER, claims({ iat: now() - 120, exp: now() - 60 }))],
    ["an exp that is not a number", async () => forge(GOOD_HEADER, claims({ exp: "tomorrow" }))],
    ["a future nbf", async () => forge(GOOD_HEADER, claims({ nbf: now() + 60 }))],
    ["an iat in the future", async () => forge(GOOD_HEADER, claims({ iat: now() + 3600, exp: now() + 3660 }))],
    ["an iat older than the access lifetime", async () => forge(GOOD_HEADER, claims({ iat: now() - 86_400 }))],
    ["a missing iat", async () => forge(GOOD_HEADER, claims({}, ["iat"]))],
    ["a missing iss", async () => forge(GOOD_HEADER, claims({}, ["iss"]))],
    ["a wrong iss", async () => forge(GOOD_HEADER, claims({ iss: "https://evil.example" }))],
    ["a missing aud", async () => forge(GOOD_HEADER, claims({}, ["aud"]))],
    ["a wrong aud", async () => forge(GOOD_HEADER, claims({ aud: "another-api" }))],
    ["a missing sub", async () => forge(GOOD_HEADER, claims({}, ["sub"]))],
    ["a missing jti", async () => forge(GOOD_HEADER, claims({}, ["jti"]))],
    ["a refresh token used as an access token", async () => newRefreshToken()],
    ["a JWT whose token_use is refresh", async () => forge(GOOD_HEADER, claims({ token_use: "refresh" }))],
    ["a JWT without token_use", async () => forge(GOOD_HEADER, claims({}, ["token_use"]))],
    ["a JWT with typ JWT instead of at+jwt", async () => forge({ alg: "HS256", typ: "JWT" }, claims())],
    ["a JWT without typ", async () => forge({ alg: "HS256" }, claims())],
    [
      "the next-auth session JWE",
      async () =>
        encodeAuthJs({
          token: { sub: user.id, name: user.name },
          secret: env().AUTH_SECRET,
          salt: "authjs.session-token",
        }),
    ],
    ["garbage", async () => "not-a-token"],
    ["two parts", async () => "abc.def"],
    ["four parts", async () => "a.b.c.d"],
    ["a header that is not JSON", async () => forge("hello", claims())],
    ["a payload that is not JSON", async () => forge(GOOD_HEADER, "[1")],
    ["a payload that is a JSON array", async () => forge(GOOD_HEADER, "[1,2]")],
    ["characters outside base64url", async () => "eyJhbGciOiJIUzI1NiJ9.ey$$.sig"],
    ["an oversized token", async () => `${"a".repeat(MAX_AUTHORIZATION_LENGTH)}.b.c`],
  ];

  for (const [label, make] of cases) {
    it(label, async () => {
      const token = await make();
      expect(await verifyAccessToken(token)).toBeNull();
      const me = await meStatus(`Bearer ${token}`);
      expect(me.status).toBe(401);
      expect(me.body.error).toMatch(/invalid or expired|Send an access token/);
      expect(me.challenge).toMatch(/^Bearer realm="sessions-vs-tokens"/);
    });
  }

  it("answers a request without a token with a plain challenge (RFC 6750 §3.1: no error code)", async () => {
    const read = await readBearer(new Headers());
    if (read.ok) throw new Error("a request without a token was accepted");
    const response = read.response;
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe('Bearer realm="sessions-vs-tokens"');
  });

  it("refuses an oversized Authorization header before parsing it", async () => {
    const me = await meStatus(`Bearer ${"x".repeat(100_000)}`);
    expect(me.status).toBe(401);
    expect(me.challenge).toContain('error="invalid_token"');
  });
});

describe("bearerCredential", () => {
  const headers = (authorization?: string) => new Headers(authorization === undefined ? {} : { authorization });
  it.each([
    [undefined, { kind: "none" }],
    ["", { kind: "none" }],
    ["Basic dXNlcjpwYXNz", { kind: "none" }],
    ["Bearer", { kind: "malformed" }],
    ["Bearer ", { kind: "malformed" }],
    ["Bearer a b", { kind: "malformed" }],
    ["Bearer a,b", { kind: "malformed" }],
    ["Bearer abc.def.ghi", { kind: "token", token: "abc.def.ghi" }],
    ["bearer abc.def.ghi", { kind: "token", token: "abc.def.ghi" }],
    ["BEARER   abc.def.ghi  ", { kind: "token", token: "abc.def.ghi" }],
    [`Bearer ${"a".repeat(MAX_AUTHORIZATION_LENGTH)}`, { kind: "malformed" }],
  ])("%j → %j", (value, expected) => {
    expect(bearerCredential(headers(value as string | undefined))).toEqual(expected);
  });
});

describe("the bearer key", () => {
  it("is derived once, cannot be exported, and only signs and verifies", async () => {
    const key = await bearerKey();
    expect(await bearerKey()).toBe(key);
    expect(key.extractable).toBe(false);
    expect(key.usages.sort()).toEqual(["sign", "verify"]);
    expect(key.algorithm).toMatchObject({ name: "HMAC", hash: { name: "SHA-256" } });
  });
});
