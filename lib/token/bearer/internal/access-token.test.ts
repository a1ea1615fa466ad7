import { createHmac, createPublicKey, randomUUID } from "node:crypto";
import { encode as encodeAuthJs } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { env } from "@/lib/server/env";
import {
  ACCESS_TOKEN_TYP,
  MAX_AUTHORIZATION_LENGTH,
  signAccessToken,
  verifyAccessToken,
} from "@/lib/token/bearer/internal/access-token";
import { BEARER_AUDIENCE, BEARER_ISSUER } from "@/lib/token/bearer/internal/claims";
import { jwksOf, keyRing } from "@/lib/token/bearer/internal/keys";
import { bearerCredential, readBearer } from "@/lib/token/bearer/read";
import { newRefreshToken } from "@/lib/token/bearer/internal/refresh-store";
import { accessClaims } from "@/test/access-claims";
import { legacyHs256Token } from "@/test/legacy-bearer";
import { newKey, ringOf } from "@/test/keys";

const user = { id: randomUUID(), name: "Bea Arer", email: "bea@example.com" };
const family = randomUUID();
const now = () => Math.floor(Date.now() / 1000);
const b64 = (value: unknown) =>
  Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");

const claims = (overrides: Record<string, unknown> = {}, omit: string[] = []) =>
  accessClaims(user, family, overrides, omit);

/**
 * Signs any header and payload with the process's real signing key (WebCrypto, so the key never leaves the ring):
 * only the header or the claims make these invalid.
 */
async function forge(header: Record<string, unknown> | string, payload: Record<string, unknown> | string) {
  const { signing } = await keyRing();
  const input = `${b64(header)}.${b64(payload)}`;
  const algorithm = signing.alg === "EdDSA" ? { name: "Ed25519" } : { name: "ECDSA", hash: "SHA-256" };
  const signature = await crypto.subtle.sign(algorithm, signing.privateKey, new TextEncoder().encode(input));
  return `${input}.${Buffer.from(signature).toString("base64url")}`;
}

/** HMAC-SHA-256 over any header and payload with `secret`: the algorithm-confusion attacks. */
function hmac(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  secret: Buffer | string,
  hash = "sha256",
) {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${createHmac(hash, secret).update(input).digest("base64url")}`;
}

async function goodHeader() {
  const { signing } = await keyRing();
  return { alg: signing.alg, kid: signing.kid, typ: ACCESS_TOKEN_TYP };
}

/** Every spelling of the public key an attacker could try as an HMAC secret (from the published JWKS). */
async function publicKeySpellings(): Promise<[string, Buffer | string][]> {
  const jwk = jwksOf(await keyRing()).keys[0]!;
  const key = createPublicKey({ key: { ...jwk }, format: "jwk" });
  return [
    ["the raw public key bytes (x)", Buffer.from(jwk.x, "base64url")],
    ["the base64url x string", jwk.x],
    ["the published JWK as JSON", JSON.stringify(jwk)],
    ["the SPKI DER", key.export({ format: "der", type: "spki" })],
    ["the SPKI PEM", key.export({ format: "pem", type: "spki" }).toString()],
  ];
}

/** What GET /api/bearer/me answers for this header: readBearer's 401 (the route adds nothing to a refusal). */
async function meStatus(authorization: string) {
  const read = await readBearer(new Headers({ authorization }));
  if (read.ok) return { status: 200, challenge: null, body: {} };
  const response = read.response;
  return { status: response.status, challenge: response.headers.get("www-authenticate"), body: await response.json() };
}

describe("access tokens", () => {
  it("verifies what it signs: the signing key's alg and kid, every required claim, a short lifetime", async () => {
    const ring = await keyRing();
    const { token, expiresIn, claims: issued } = await signAccessToken(user, family);
    expect(expiresIn).toBe(env().BEARER_ACCESS_TTL);
    const verified = await verifyAccessToken(token);
    expect(verified?.header).toEqual({ alg: "EdDSA", kid: ring.signing.kid, typ: "at+jwt" });
    expect(verified?.claims).toEqual(issued);
    expect(issued).toMatchObject({ iss: BEARER_ISSUER, aud: BEARER_AUDIENCE, sub: user.id, token_use: "access" });
    expect(issued.exp - issued.iat).toBe(env().BEARER_ACCESS_TTL);
    expect(verified?.signature).toBe(token.split(".")[2]);
    const me = await readBearer(new Headers({ authorization: `Bearer ${token}` }));
    expect(me.ok && me.token.claims).toEqual(issued);
  });

  it("signs with ES256 when the ring's signing key is a P-256 key", async () => {
    const ring = await ringOf(newKey("ES256"));
    const { token } = await signAccessToken(user, family, { ring: ring });
    const verified = await verifyAccessToken(token, ring);
    expect(verified?.header).toEqual({ alg: "ES256", kid: ring.signing.kid, typ: "at+jwt" });
    // An ES256 signature is 64 bytes (r‖s, JOSE's encoding), not DER.
    expect(Buffer.from(token.split(".")[2]!, "base64url")).toHaveLength(64);
  });

  it("the forging helper produces accepted tokens when nothing is wrong (so the rejections below mean something)", async () => {
    expect(await verifyAccessToken(await forge(await goodHeader(), claims()))).not.toBeNull();
  });

  it("gives every access token a new jti", async () => {
    const a = await signAccessToken(user, family);
    const b = await signAccessToken(user, family);
    expect(a.claims.jti).not.toBe(b.claims.jti);
  });
});

describe("verification rejects (401 with a Bearer challenge, never 5xx)", () => {
  const withHeader =
    (change: Record<string, unknown>, omit: string[] = []) =>
    async () => {
      const header: Record<string, unknown> = { ...(await goodHeader()), ...change };
      for (const key of omit) delete header[key];
      return forge(header, claims());
    };
  const cases: Array<readonly [string, () => Promise<string>]> = [
    ...["none", "None", "NONE", "nOnE"].map(
      (alg) =>
        [
          `alg "${alg}" without a signature`,
          async () => `${b64({ ...(await goodHeader()), alg })}.${b64(claims())}.`,
        ] as const,
    ),
    [
      `alg "none" with a real signature attached`,
      async () => {
        const real = (await signAccessToken(user, family)).token.split(".")[2];
        return `${b64({ ...(await goodHeader()), alg: "none" })}.${b64(claims())}.${real}`;
      },
    ],
    ["alg ES256 under the Ed25519 key's kid (the key's own algorithm is pinned)", withHeader({ alg: "ES256" })],
    ["alg Ed25519 (jose's fully-specified name) instead of the pinned EdDSA", withHeader({ alg: "Ed25519" })],
    ["alg RS256 with our signature", withHeader({ alg: "RS256" })],
    ["no kid", withHeader({}, ["kid"])],
    ["an unknown kid", withHeader({ kid: "A".repeat(43) })],
    ["a kid that is a path", withHeader({ kid: "../../../../etc/passwd" })],
    ["a kid that is a URL", withHeader({ kid: "https://evil.example/jwks.json" })],
    ["a kid that names a prototype member", withHeader({ kid: "__proto__" })],
    ["a kid of constructor", withHeader({ kid: "constructor" })],
    ["a kid that is a number", withHeader({ kid: 1 })],
    ["a jku header pointing at the attacker's key set", withHeader({ jku: "https://evil.example/jwks.json" })],
    ["an embedded jwk header", withHeader({ jwk: { kty: "OKP", crv: "Ed25519", x: "A".repeat(43) } })],
    ["an x5u header", withHeader({ x5u: "https://evil.example/cert.pem" })],
    ["a crit header", withHeader({ crit: ["exp"] })],
    [
      "our kid, signed by another Ed25519 key",
      async () => {
        const other = await ringOf(newKey());
        const token = (await signAccessToken(user, family, { ring: other })).token;
        const [, payload, signature] = token.split(".");
        return `${b64(await goodHeader())}.${payload}.${signature}`;
      },
    ],
    [
      "another key's token, under its own kid",
      async () => (await signAccessToken(user, family, { ring: await ringOf(newKey()) })).token,
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
        const at = token.length - 10; // not the last ones: base64url padding bits can hide a change there
        return token.slice(0, at) + (token[at] === "A" ? "B" : "A") + token.slice(at + 1);
      },
    ],
    ["a missing exp", async () => forge(await goodHeader(), claims({}, ["exp"]))],
    ["a past exp", async () => forge(await goodHeader(), claims({ iat: now() - 120, exp: now() - 60 }))],
    ["an exp that is not a number", async () => forge(await goodHeader(), claims({ exp: "tomorrow" }))],
    ["a future nbf", async () => forge(await goodHeader(), claims({ nbf: now() + 60 }))],
    ["an iat in the future", async () => forge(await goodHeader(), claims({ iat: now() + 3600, exp: now() + 3660 }))],
    ["an iat older than the access lifetime", async () => forge(await goodHeader(), claims({ iat: now() - 86_400 }))],
    ["a missing iat", async () => forge(await goodHeader(), claims({}, ["iat"]))],
    ["a missing iss", async () => forge(await goodHeader(), claims({}, ["iss"]))],
    ["a wrong iss", async () => forge(await goodHeader(), claims({ iss: "https://evil.example" }))],
    ["a missing aud", async () => forge(await goodHeader(), claims({}, ["aud"]))],
    ["a wrong aud", async () => forge(await goodHeader(), claims({ aud: "another-api" }))],
    ["a missing sub", async () => forge(await goodHeader(), claims({}, ["sub"]))],
    ["a missing jti", async () => forge(await goodHeader(), claims({}, ["jti"]))],
    ["a refresh token used as an access token", async () => newRefreshToken()],
    ["a JWT whose token_use is refresh", async () => forge(await goodHeader(), claims({ token_use: "refresh" }))],
    ["a JWT without token_use", async () => forge(await goodHeader(), claims({}, ["token_use"]))],
    ["a JWT with typ JWT instead of at+jwt", withHeader({ typ: "JWT" })],
    ["a JWT without typ", withHeader({}, ["typ"])],
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
    ["a payload that is not JSON", async () => forge(await goodHeader(), "[1")],
    ["a payload that is a JSON array", async () => forge(await goodHeader(), "[1,2]")],
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

  it("HS256 (and HS512) made with the public key as the HMAC secret, in every spelling, under our kid", async () => {
    const header = await goodHeader();
    const spellings = await publicKeySpellings();
    for (const [what, secret] of spellings) {
      for (const [alg, hash] of [
        ["HS256", "sha256"],
        ["HS512", "sha512"],
      ]) {
        const token = hmac({ ...header, alg }, claims(), secret, hash);
        expect(await verifyAccessToken(token), `${alg} with ${what}`).toBeNull();
        expect((await meStatus(`Bearer ${token}`)).status, `${alg} with ${what}`).toBe(401);
      }
    }
    expect(spellings).toHaveLength(5);
  });

  it("an HS256 token made the way the app signed before asymmetric keys (HKDF of AUTH_SECRET)", async () => {
    // The old code path (ADR 0021). Such tokens are refused now; their holders get an asymmetric one from their
    // refresh token (docs/decisions/0103-key-rings-and-rotation.md; e2e/key-rotation.spec.ts in a browser).
    const old = legacyHs256Token(env().AUTH_SECRET, claims());
    expect(await verifyAccessToken(old)).toBeNull();
    const me = await meStatus(`Bearer ${old}`);
    expect(me.status).toBe(401);
    expect(me.challenge).toContain('error="invalid_token"');
  });

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
