import http from "node:http";
import net from "node:net";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { env } from "@/lib/server/env";
import { keyRings } from "@/lib/labs/key-rings";
import { askVerifier } from "@/lib/labs/verifier";
import { signAccessToken } from "@/lib/token/bearer/internal/access-token";
import { jwksOf, keyRing } from "@/lib/token/bearer/internal/keys";
import { startVerifier, type TestServer } from "@/test/server-harness.mjs";

/**
 * The verifier lab's pieces that need no running app: asking the real verifier process (started as CI starts it,
 * with JWKS_URL and PORT only, against a key set served here from this process's ring), and the key rings it shows.
 */

let jwksServer: http.Server;
let verifier: TestServer;

async function freePort() {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

beforeAll(async () => {
  const jwks = jwksOf(await keyRing());
  jwksServer = http.createServer((_request, response) => {
    response.setHeader("content-type", "application/json");
    response.end(JSON.stringify(jwks));
  });
  await new Promise<void>((resolve) => jwksServer.listen(0, "127.0.0.1", resolve));
  const jwksUrl = `http://localhost:${(jwksServer.address() as net.AddressInfo).port}/.well-known/jwks.json`;
  verifier = await startVerifier({ port: await freePort(), jwksUrl });
});
afterAll(async () => {
  await verifier?.stop();
  await new Promise((resolve) => jwksServer?.close(resolve));
});

describe("asking the verifier", () => {
  it("reports what it verified: the name, 0 queries, our kid, the key set it fetched", async () => {
    const user = { id: randomUUID(), name: "Lab Device", email: "lab@example.com" };
    const { token } = await signAccessToken(user, randomUUID());
    const answer = await askVerifier(verifier.url, token);
    expect(answer.probe).toMatchObject({
      request: `GET ${verifier.url}/whoami`,
      status: 200,
      name: "Lab Device",
      queries: 0,
      error: null,
    });
    expect(answer.header).toEqual({ alg: "EdDSA", kid: (await keyRing()).signing.kid });
    expect(answer.keySet).toMatchObject({ fetches: 1, kids: env().bearerKeys.map((k) => k.kid) });
  });

  it("reports a refusal with the verifier's reason", async () => {
    const answer = await askVerifier(verifier.url, "not.a.token");
    expect(answer.probe).toMatchObject({ status: 401, name: null });
    expect(answer.probe.error).toBeTruthy();
    expect(answer.header).toBeNull();
  });

  it("reports an unreachable verifier as such, without throwing", async () => {
    const answer = await askVerifier(`http://localhost:${await freePort()}`, "a.b.c");
    expect(answer.probe.status).toBe(503);
    expect(answer.probe.error).toMatch(/could not be reached/);
  });
});

describe("the key rings the lab shows", () => {
  it("names ids, variables and kids, and when an old key may go — never a secret", () => {
    const config = env();
    const rings = keyRings();
    expect(rings.session).toEqual({
      ids: config.sessionPasswords.map((p) => p.id),
      sealingId: config.sessionPasswords[0]!.id,
      removableAfterSeconds: config.SESSION_IDLE_TIMEOUT,
    });
    const names = config.authSecrets.map((a) => a.name);
    expect(rings.jwt).toEqual({ names, encryptingWith: names[0], removableAfterSeconds: config.TOKEN_MAX_AGE });
    expect(rings.bearer).toMatchObject({
      jwksPath: "/.well-known/jwks.json",
      publishWaitSeconds: 330,
      removableAfterSeconds: config.BEARER_ACCESS_TTL + 5,
    });
    expect(rings.bearer.keys).toEqual(config.bearerKeys.map(({ kid, alg, state }) => ({ kid, alg, state })));
    const shown = JSON.stringify(rings);
    const secrets = [
      ...config.sessionPasswords.map((p) => p.secret),
      ...config.authSecrets.map((a) => a.secret),
      ...config.bearerKeys.map((k) => k.pkcs8.toString("base64url")),
    ];
    for (const secret of secrets) expect(shown).not.toContain(secret);
  });
});
