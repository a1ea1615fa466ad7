import { readFileSync } from "node:fs";
import { calculateJwkThumbprint } from "jose";
import { createHmac } from "node:crypto";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { bearerLoginViaApi, originHeader, signUpViaApi, uniqueEmail } from "./helpers";

/**
 * The separate verifier (services/verifier) that runs beside the main test server (e2e/support/global-setup.ts),
 * started with the server's JWKS URL and a port and nothing else: it verifies real bearer tokens with our public
 * key alone, refuses what it must, and cannot know what only our database knows.
 */

const verifierUrl = () => `http://localhost:${process.env.E2E_VERIFIER_PORT}`;
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

function whoami(request: APIRequestContext, token?: string) {
  return request.get(`${verifierUrl()}/whoami`, {
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
  });
}

async function jwks(request: APIRequestContext) {
  const response = await request.get("/.well-known/jwks.json");
  expect(response.status()).toBe(200);
  return { response, body: (await response.json()) as { keys: Record<string, string>[] } };
}

test.describe("the published key set", () => {
  test("publishes the public keys only, cacheable for five minutes, and nothing else on that path", async ({
    request,
  }) => {
    const { response, body } = await jwks(request);
    expect(response.headers()["content-type"]).toContain("application/jwk-set+json");
    expect(response.headers()["cache-control"]).toBe("public, max-age=300");
    expect(response.headers()["content-security-policy"]).toContain("default-src 'none'");
    expect(response.headers()["x-content-type-options"]).toBe("nosniff");
    expect(body.keys.length).toBeGreaterThanOrEqual(1);
    for (const key of body.keys) {
      expect(Object.keys(key).sort()).toEqual(["alg", "crv", "kid", "kty", "use", "x"]);
      expect(key).toMatchObject({ kty: "OKP", crv: "Ed25519", alg: "EdDSA", use: "sig" });
      expect(key.kid).toBe(await calculateJwkThumbprint(key as never, "sha256"));
    }
    expect(JSON.stringify(body)).not.toMatch(/"(d|k|p|q)"/);
    expect((await request.post("/.well-known/jwks.json", { headers: originHeader(undefined) })).status()).toBe(405);
    expect((await request.head("/.well-known/jwks.json")).status()).toBe(200);
  });
});

test.describe("the verifier beside the app", () => {
  test("verifies a real bearer token with our public key alone: no database, no secret in its environment", async ({
    request,
    baseURL,
  }) => {
    // Nothing but the two values, read from the kernel (Linux): no DATABASE_URL, no AUTH_SECRET, not even PATH.
    const environ = readFileSync(`/proc/${process.env.E2E_VERIFIER_PID}/environ`, "utf8");
    expect(
      environ
        .split("\0")
        .filter(Boolean)
        .map((entry) => entry.split("=")[0])
        .sort(),
    ).toEqual(["JWKS_URL", "PORT"]);
    expect(environ).toContain(`JWKS_URL=${baseURL}/.well-known/jwks.json`);

    const account = await signUpViaApi(request, baseURL, uniqueEmail("verifier"), "Vera Fier");
    const { accessToken } = await bearerLoginViaApi(request, baseURL, account.email);
    const answer = await whoami(request, accessToken);
    expect(answer.status()).toBe(200);
    const body = await answer.json();
    const { body: published } = await jwks(request);
    expect(body).toMatchObject({
      verified: true,
      user: { name: "Vera Fier", email: account.email },
      header: { alg: "EdDSA", typ: "at+jwt" },
      claims: { iss: "sessions-vs-tokens", aud: "sessions-vs-tokens:bearer-api", token_use: "access" },
      verifier: { databaseQueries: 0, secrets: 0 },
    });
    expect(published.keys.map((k) => k.kid)).toContain(body.header.kid);
    expect(body.verifier.keySet.url).toBe(`${baseURL}/.well-known/jwks.json`);
    // And our own API agrees, with no query either.
    const me = await request.get("/api/bearer/me", { headers: { authorization: `Bearer ${accessToken}` } });
    expect([me.status(), me.headers()["x-db-queries"]]).toEqual([200, "0"]);
  });

  test("refuses what our API refuses: algorithm confusion, an unknown kid, alg none, a tampered token", async ({
    request,
    baseURL,
  }) => {
    const account = await signUpViaApi(request, baseURL);
    const { accessToken } = await bearerLoginViaApi(request, baseURL, account.email);
    const [header, payload, signature] = accessToken.split(".") as [string, string, string];
    const parsedHeader = JSON.parse(Buffer.from(header, "base64url").toString());
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString());
    const { body } = await jwks(request);
    const publicKey = body.keys.find((k) => k.kid === parsedHeader.kid)!;
    const hs256 = (secret: Buffer | string) => {
      const input = `${b64({ ...parsedHeader, alg: "HS256" })}.${payload}`;
      return `${input}.${createHmac("sha256", secret).update(input).digest("base64url")}`;
    };
    const forged = [
      hs256(Buffer.from(publicKey.x!, "base64url")),
      hs256(JSON.stringify(publicKey)),
      `${b64({ ...parsedHeader, kid: "A".repeat(43) })}.${payload}.${signature}`,
      `${b64({ ...parsedHeader, kid: "../../etc/passwd" })}.${payload}.${signature}`,
      `${b64({ ...parsedHeader, alg: "none" })}.${payload}.${signature}`,
      `${header}.${b64({ ...claims, sub: "00000000-0000-4000-8000-000000000000" })}.${signature}`,
      `${header}.${b64({ ...claims, exp: claims.exp + 86_400 })}.${signature}`,
    ];
    for (const token of forged) {
      const verifier = await whoami(request, token);
      expect(verifier.status(), token).toBe(401);
      expect(verifier.headers()["www-authenticate"]).toMatch(/^Bearer realm="verifier", error="invalid_token"/);
      const me = await request.get("/api/bearer/me", { headers: { authorization: `Bearer ${token}` } });
      expect(me.status(), token).toBe(401);
    }
    expect((await whoami(request)).status()).toBe(401);
    expect((await whoami(request, accessToken)).status()).toBe(200); // the control
  });

  test("cannot know a refresh family was revoked a second ago: the access token verifies there until exp", async ({
    request,
    baseURL,
  }) => {
    const account = await signUpViaApi(request, baseURL);
    const { accessToken, refreshToken } = await bearerLoginViaApi(request, baseURL, account.email);
    const logout = await request.post("/api/bearer/logout", {
      data: { refreshToken },
      headers: originHeader(baseURL),
    });
    expect(logout.status()).toBe(200);
    const refresh = await request.post("/api/bearer/refresh", {
      data: { refreshToken },
      headers: originHeader(baseURL),
    });
    expect(refresh.status()).toBe(401); // the database knows
    expect((await whoami(request, accessToken)).status()).toBe(200); // the verifier cannot
    const me = await request.get("/api/bearer/me", { headers: { authorization: `Bearer ${accessToken}` } });
    expect(me.status()).toBe(200); // and our own API does not look either: a signature check only
  });
});
