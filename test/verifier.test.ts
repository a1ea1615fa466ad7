import { createHmac, randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACCESS_TOKEN_TYP, signAccessToken } from "@/lib/token/bearer/internal/access-token";
import { BEARER_AUDIENCE, BEARER_ISSUER } from "@/lib/token/bearer/internal/claims";
import { jwksOf, VERIFIER_COOLDOWN_SECONDS, type KeyRing } from "@/lib/token/bearer/internal/keys";
import { accessClaims } from "@/test/access-claims";
import { newKey, ringOf } from "@/test/keys";
import {
  ALGORITHMS,
  AUDIENCE,
  COOLDOWN_MS,
  ISSUER,
  TOKEN_TYPE,
  createVerifier,
  readConfig,
} from "../services/verifier/verifier.mjs";

/**
 * The separate verifier (services/verifier) against a real HTTP key set whose content each test chooses: what it
 * accepts, what it refuses, and how it picks up a rotation. Tokens are signed by the app's own key ring code.
 */

const user = { id: randomUUID(), name: "Vera Fire", email: "vera@example.com" };
const family = randomUUID();
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The key set the test server answers with (any JSON), and how often it was asked. */
let served: unknown = { keys: [] };
let status = 200;
let requests = 0;
let jwksUrl = "";
const server = http.createServer((req, res) => {
  requests++;
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(served));
});
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  jwksUrl = `http://localhost:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const verifierFor = (options: { cooldownMs?: number; cacheMaxAgeMs?: number } = {}) =>
  createVerifier({ jwksUrl, cooldownMs: 60_000, ...options });

async function whoami(verifier: ReturnType<typeof createVerifier>, token?: string) {
  const headers: Record<string, string> = token === undefined ? {} : { authorization: `Bearer ${token}` };
  const response = await verifier.whoami(new Request("http://verifier.test/whoami", { headers }));
  return { status: response.status, body: await response.json(), challenge: response.headers.get("www-authenticate") };
}

const tokenOf = async (ring: KeyRing) => (await signAccessToken(user, family, { ring: ring })).token;

describe("the verifier", () => {
  it("agrees with the app on issuer, audience, token type and algorithms (it cannot import them)", () => {
    expect([ISSUER, AUDIENCE, TOKEN_TYPE]).toEqual([BEARER_ISSUER, BEARER_AUDIENCE, ACCESS_TOKEN_TYP]);
    expect([...ALGORITHMS].sort()).toEqual(["ES256", "EdDSA"]);
    // The rotation guide's publish → sign wait counts on this cooldown (lib/token/bearer/internal/keys.ts).
    expect(COOLDOWN_MS).toBe(VERIFIER_COOLDOWN_SECONDS * 1000);
  });

  it("verifies the app's token with the published key set alone, fetching it once", async () => {
    const ring = await ringOf(newKey(), newKey("ES256"));
    const es256 = await ringOf(newKey("ES256"));
    served = { keys: [...jwksOf(ring).keys, ...jwksOf(es256).keys] };
    requests = 0;
    const verifier = verifierFor();
    const token = await tokenOf(ring);
    const first = await whoami(verifier, token);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      verified: true,
      header: { alg: "EdDSA", kid: ring.signing.kid, typ: "at+jwt" },
      claims: { sub: user.id, email: user.email, iss: BEARER_ISSUER, token_use: "access" },
      verifier: { databaseQueries: 0, secrets: 0, keySet: { url: jwksUrl, fetches: 1 } },
    });
    expect(first.body.verifier.keySet.kids).toEqual([...ring.keys, ...es256.keys].map((k) => k.kid));
    for (let i = 0; i < 5; i++) expect((await whoami(verifier, token)).status).toBe(200);
    // An ES256 key of the set verifies its own tokens too.
    const es = await whoami(verifier, await tokenOf(es256));
    expect(es).toMatchObject({ status: 200, body: { header: { alg: "ES256", kid: es256.signing.kid } } });
    expect(requests).toBe(1);
  });

  it("picks up a key the app publishes, once its cooldown has passed, without a restart", async () => {
    const [a, b] = [await ringOf(newKey()), await ringOf(newKey())];
    served = jwksOf(a);
    requests = 0;
    const verifier = verifierFor({ cooldownMs: 400 });
    expect((await whoami(verifier, await tokenOf(a))).status).toBe(200);
    // The app publishes B and starts signing with it (a rotation done too fast: no wait between the two steps).
    served = { keys: [...jwksOf(b).keys, ...jwksOf(a).keys] };
    const tokenB = await tokenOf(b);
    const early = await whoami(verifier, tokenB);
    expect(early).toMatchObject({ status: 401, body: { error: "unknown key" } });
    expect(requests).toBe(1); // inside the cooldown an unknown kid costs no fetch: a flood of bad kids costs nothing
    await sleep(450);
    expect((await whoami(verifier, tokenB)).status).toBe(200);
    expect(requests).toBe(2);
    expect(verifier.keySet().kids).toEqual([b.signing.kid, a.signing.kid]);
  });

  it("stops accepting a removed key once its cache is older than its maximum age", async () => {
    const [a, b] = [await ringOf(newKey()), await ringOf(newKey())];
    served = { keys: [...jwksOf(b).keys, ...jwksOf(a).keys] };
    const verifier = verifierFor({ cacheMaxAgeMs: 300 });
    const tokenA = await tokenOf(a);
    expect((await whoami(verifier, tokenA)).status).toBe(200);
    served = jwksOf(b); // A removed
    expect((await whoami(verifier, tokenA)).status).toBe(200); // still cached: at most cacheMaxAge
    await sleep(350);
    expect(await whoami(verifier, tokenA)).toMatchObject({ status: 401, body: { error: "unknown key" } });
    expect((await whoami(verifier, await tokenOf(b))).status).toBe(200);
  });

  describe("refuses a key set that publishes secret material, and every token while it does", () => {
    const cases: [string, (set: { keys: Record<string, unknown>[] }, ring: KeyRing) => unknown][] = [
      [
        "a private member (d) on the signing key",
        (set, ring) => ({ keys: set.keys.map((k) => (k.kid === ring.signing.kid ? { ...k, d: "A".repeat(43) } : k)) }),
      ],
      ["a private member on another key", (set) => ({ keys: [...set.keys, { ...set.keys[0], kid: "other", d: "x" }] })],
      [
        "a symmetric (oct) key beside ours",
        (set) => ({ keys: [...set.keys, { kty: "oct", kid: "hmac", k: "c2VjcmV0" }] }),
      ],
      ["two keys under one kid", (set) => ({ keys: [...set.keys, ...set.keys] })],
    ];
    for (const [label, make] of cases) {
      it(label, async () => {
        const ring = await ringOf(newKey());
        served = make(jwksOf(ring), ring);
        const answer = await whoami(verifierFor(), await tokenOf(ring));
        expect(answer.status).toBe(401);
        expect(answer.body.verified).toBe(false);
        expect(answer.body.error).toMatch(/unsafe key set|unusable key set/);
      });
    }
  });

  describe("refuses a key whose algorithm is not the token's", () => {
    const cases: [string, (jwk: Record<string, unknown>) => Record<string, unknown>][] = [
      ["a key published without alg", ({ alg: _alg, ...jwk }) => jwk],
      ["a key published as ES256 (its type is Ed25519)", (jwk) => ({ ...jwk, alg: "ES256" })],
      ["a key published as HS256", (jwk) => ({ ...jwk, alg: "HS256" })],
      ["a key published for encryption (use: enc)", (jwk) => ({ ...jwk, use: "enc" })],
    ];
    for (const [label, change] of cases) {
      it(label, async () => {
        const ring = await ringOf(newKey());
        served = { keys: jwksOf(ring).keys.map((k) => change({ ...k })) };
        expect((await whoami(verifierFor(), await tokenOf(ring))).status).toBe(401);
      });
    }
  });

  describe("refuses forged and foreign tokens (401, with a reason)", () => {
    let ring: KeyRing;
    beforeAll(async () => {
      ring = await ringOf(newKey());
    });
    const header = () => ({ alg: ring.signing.alg, kid: ring.signing.kid, typ: "at+jwt" });
    const claims = (overrides: Record<string, unknown> = {}) => accessClaims(user, family, overrides);
    const signed = (h: Record<string, unknown>, c: Record<string, unknown>, key = ring.signing.privateKey) =>
      new SignJWT(c).setProtectedHeader(h as { alg: string }).sign(key);
    const hs256 = (h: Record<string, unknown>, c: Record<string, unknown>, secret: Buffer | string) => {
      const input = `${b64(h)}.${b64(c)}`;
      return `${input}.${createHmac("sha256", secret).update(input).digest("base64url")}`;
    };
    const jwk = () => jwksOf(ring).keys[0]!;
    const cases: [string, () => Promise<string> | string, RegExp][] = [
      ["alg none", () => `${b64({ ...header(), alg: "none" })}.${b64(claims())}.`, /malformed token/],
      [
        "alg none with a signature attached",
        () => `${b64({ ...header(), alg: "none" })}.${b64(claims())}.AAAA`,
        /algorithm not allowed/,
      ],
      [
        "HS256 with the published public key (x bytes) as the HMAC secret",
        () => hs256({ ...header(), alg: "HS256" }, claims(), Buffer.from(jwk().x, "base64url")),
        /algorithm not allowed/,
      ],
      [
        "HS256 with the published JWK JSON as the HMAC secret",
        () => hs256({ ...header(), alg: "HS256" }, claims(), JSON.stringify(jwk())),
        /algorithm not allowed/,
      ],
      [
        "ES256 under the Ed25519 key's kid",
        () =>
          signed({ ...header(), alg: "ES256" }, claims()).catch(
            () => `${b64({ ...header(), alg: "ES256" })}.${b64(claims())}.AAAA`,
          ),
        /unknown key|disagrees|bad signature/,
      ],
      ["an unknown kid", () => signed({ ...header(), kid: "A".repeat(43) }, claims()), /unknown key/],
      [
        "a kid that is a path",
        () => signed({ ...header(), kid: "../../etc/passwd" }, claims()),
        /unexpected token header/,
      ],
      [
        "a kid that is a URL",
        () => signed({ ...header(), kid: "https://evil.example/jwks.json" }, claims()),
        /unexpected token header/,
      ],
      [
        "a jku header",
        () => signed({ ...header(), jku: "https://evil.example/jwks.json" }, claims()),
        /unexpected token header/,
      ],
      ["an embedded jwk header", () => signed({ ...header(), jwk: { ...jwk() } }, claims()), /unexpected token header/],
      ["no kid", () => signed({ alg: "EdDSA", typ: "at+jwt" }, claims()), /unexpected token header/],
      ["typ JWT", () => signed({ ...header(), typ: "JWT" }, claims()), /claim|invalid|typ/],
      [
        "another key under our kid",
        async () => signed(header(), claims(), (await ringOf(newKey())).signing.privateKey),
        /bad signature/,
      ],
      [
        "an expired token",
        () =>
          signed(
            header(),
            claims({ iat: Math.floor(Date.now() / 1000) - 120, exp: Math.floor(Date.now() / 1000) - 60 }),
          ),
        /expired/,
      ],
      ["a wrong audience", () => signed(header(), claims({ aud: "another-api" })), /claim aud failed/],
      ["a wrong issuer", () => signed(header(), claims({ iss: "https://evil.example" })), /claim iss failed/],
      ["a refresh token's token_use", () => signed(header(), claims({ token_use: "refresh" })), /not an access token/],
      ["garbage", () => "not-a-token", /malformed token/],
      ["an oversized header", () => `${"a".repeat(5000)}.b.c`, /malformed token/],
    ];
    for (const [label, make, reason] of cases) {
      it(label, async () => {
        served = jwksOf(ring);
        const answer = await whoami(verifierFor(), await make());
        expect(answer.status).toBe(401);
        expect(answer.body.error).toMatch(reason);
        expect(answer.challenge).toMatch(/^Bearer realm="verifier", error="invalid_token"/);
      });
    }

    it("a request without a token gets a plain challenge", async () => {
      const answer = await whoami(verifierFor());
      expect(answer).toMatchObject({ status: 401, challenge: 'Bearer realm="verifier"' });
    });
  });

  it("fails closed with 503 when the key set cannot be fetched or is not a key set", async () => {
    const ring = await ringOf(newKey());
    const token = await tokenOf(ring);
    status = 500;
    expect((await whoami(verifierFor(), token)).status).toBe(503);
    status = 200;
    served = "not a key set";
    expect((await whoami(verifierFor(), token)).status).toBe(401);
    const unreachable = createVerifier({ jwksUrl: "http://localhost:9/jwks.json" });
    expect((await whoami(unreachable, token)).status).toBe(503);
  });

  it("answers only GET /whoami and GET /health", async () => {
    served = { keys: [] };
    const verifier = verifierFor();
    const call = (method: string, path: string) => verifier.handle(new Request(`http://v.test${path}`, { method }));
    expect((await call("GET", "/health")).status).toBe(200);
    expect((await call("POST", "/whoami")).status).toBe(405);
    expect((await call("DELETE", "/health")).status).toBe(405);
    expect((await call("GET", "/")).status).toBe(404);
    const response = await call("GET", "/whoami");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  });
});

describe("the verifier's configuration: a key set URL and a port, nothing else", () => {
  it("reads JWKS_URL and PORT and ignores everything else in its environment", () => {
    const config = readConfig({
      JWKS_URL: "https://app.example/.well-known/jwks.json",
      PORT: "4100",
      DATABASE_URL: "postgresql://ignored",
      AUTH_SECRET: "ignored",
    });
    expect(Object.keys(config).sort()).toEqual(["jwksUrl", "port"]);
    expect([config.jwksUrl.href, config.port]).toEqual(["https://app.example/.well-known/jwks.json", 4100]);
    expect(readConfig({ JWKS_URL: "http://localhost:3000/.well-known/jwks.json", PORT: "1" }).port).toBe(1);
  });
  it.each([
    [{ PORT: "4100" }, /^JWKS_URL is not set/],
    [{ JWKS_URL: "http://app.example/.well-known/jwks.json", PORT: "4100" }, /^JWKS_URL must be an https:\/\/ URL/],
    [{ JWKS_URL: "https://user:pass@app.example/jwks.json", PORT: "4100" }, /without credentials/],
    [{ JWKS_URL: "file:///etc/passwd", PORT: "4100" }, /^JWKS_URL must be/],
    [{ JWKS_URL: "not a url", PORT: "4100" }, /^JWKS_URL must be/],
    [{ JWKS_URL: "https://app.example/jwks.json" }, /^PORT must be a port number/],
    [{ JWKS_URL: "https://app.example/jwks.json", PORT: "70000" }, /^PORT must be a port number/],
  ])("refuses %j with one sentence", (source, message) => {
    expect(() => readConfig(source)).toThrow(message);
  });
});
