import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { decode } from "next-auth/jwt";
import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import { newBearerKey, newSecret, startServer, startVerifier, type TestServer } from "../test/server-harness.mjs";
import { legacyHs256Token } from "../test/legacy-bearer";
import {
  bearerLoginViaApi,
  originHeader,
  signInToSessionViaApi,
  signInToTokenViaApi,
  signUpViaApi,
  TOKEN_COOKIE,
  uniqueEmail,
} from "./helpers";
import { renewJwt, sessionMe, tokenMe } from "./policy-helpers";

/**
 * Rotating every key of a running deployment, the way docs/key-rotation.md says, across real restarts of one
 * production server (one database): a credential made before each step keeps working until its key is removed,
 * the next ones are made under the new key, and removing the old key ends exactly the credentials it made. The
 * first configuration is today's (one SESSION_SECRET, one AUTH_SECRET): upgrading signs nobody out. Beside the app,
 * the separate verifier, started once with the JWKS URL and a port, follows the bearer rotation without a restart.
 */

const BASE_PORT = Number(process.env.E2E_PORT ?? 3210);
const APP_PORT = BASE_PORT + 61;
const VERIFIER_PORT = BASE_PORT + 62;
const NAME = TOKEN_COOKIE;

const S1 = newSecret();
const S2 = newSecret();
const A1 = newSecret();
const A2 = newSecret();
const K1 = newBearerKey();
const K2 = newBearerKey("ES256");

let folder: string;
let app: TestServer | null = null;
let verifier: TestServer;
let api: APIRequestContext;

/** (Re)starts the app with this configuration, on the same port and database: a deployment of a config change. */
async function deploy(env: Record<string, string | undefined>) {
  await app?.stop();
  app = await startServer({
    port: APP_PORT,
    name: "rotating app",
    env: {
      PGLITE_DIR: folder,
      SESSION_SECRET: undefined,
      AUTH_SECRET: undefined,
      BEARER_SIGNING_KEYS: undefined,
      ...env,
    },
  });
}

const sealId = (seal: string) => seal.split("*")[1];
/** Which one secret a next-auth cookie decrypts under (Auth.js's own decode), or null. */
async function encryptedUnder(jwt: string) {
  for (const [name, secret] of [
    ["A1", A1],
    ["A2", A2],
  ] as const) {
    if (await decode({ token: jwt, secret, salt: NAME }).catch(() => null)) return name;
  }
  return null;
}
const kidOf = (token: string) => JSON.parse(Buffer.from(token.split(".")[0]!, "base64url").toString()).kid as string;
const bearerMe = async (token: string) =>
  (await api.get("/api/bearer/me", { headers: { authorization: `Bearer ${token}` } })).status();
const refresh = (refreshToken: string) =>
  api.post("/api/bearer/refresh", { data: { refreshToken }, headers: originHeader(app!.url) });
async function whoami(token: string) {
  const response = await api.get(`${verifier.url}/whoami`, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status(), body: await response.json() };
}
async function publishedKids() {
  return ((await (await api.get("/.well-known/jwks.json")).json()) as { keys: { kid: string }[] }).keys.map(
    (k) => k.kid,
  );
}

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  folder = mkdtempSync(path.join(tmpdir(), "svt-e2e-rotation-"));
  verifier = await startVerifier({
    port: VERIFIER_PORT,
    jwksUrl: `http://localhost:${APP_PORT}/.well-known/jwks.json`,
  });
  api = await playwrightRequest.newContext({ baseURL: `http://localhost:${APP_PORT}` });
});
test.afterAll(async () => {
  await api?.dispose();
  await app?.stop();
  await verifier?.stop();
  rmSync(folder, { recursive: true, force: true });
});

test("a rotation of every key signs nobody out, and removing an old key ends exactly what it made", async () => {
  test.setTimeout(240_000);

  // --- Today's configuration: one secret each (key 1), one bearer key. ----------------------------------------
  await deploy({ SESSION_SECRET: S1, AUTH_SECRET: A1, BEARER_SIGNING_KEYS: K1 });
  const { email } = await signUpViaApi(api, app!.url, uniqueEmail("rotation"), "Rota Tion");
  const seal1 = (await signInToSessionViaApi(api, app!.url, email)).seal;
  const jwt1 = await signInToTokenViaApi(api, app!.url, email);
  const pair1 = await bearerLoginViaApi(api, app!.url, email);
  expect(sealId(seal1)).toBe("1"); // exactly what the code before key rings made
  expect(await encryptedUnder(jwt1)).toBe("A1");
  expect(kidOf(pair1.accessToken)).toBe((await publishedKids())[0]);
  const verified = await whoami(pair1.accessToken);
  expect(verified.status).toBe(200);
  expect(verified.body.verifier.keySet.fetches).toBe(1);

  // A bearer client from before asymmetric keys holds an HS256 token: refused, and its refresh token (a database
  // row, untouched by any key) gets it a new pair at once.
  const upgraded = await bearerLoginViaApi(api, app!.url, email);
  const claims = JSON.parse(Buffer.from(upgraded.accessToken.split(".")[1]!, "base64url").toString());
  expect(await bearerMe(legacyHs256Token(A1, claims))).toBe(401);
  const renewed = await refresh(upgraded.refreshToken);
  expect(renewed.status()).toBe(200);
  expect(await bearerMe((await renewed.json()).accessToken)).toBe(200);

  // --- Step 1: add the new session password and Auth.js secret; publish the new bearer key. -------------------
  await deploy({
    SESSION_SECRET: S1,
    SESSION_SECRET_2: S2,
    AUTH_SECRET: A1,
    AUTH_SECRET_1: A2,
    BEARER_SIGNING_KEYS: `next:${K2},${K1}`,
  });
  // Everything made before still works.
  expect(await sessionMe(api, seal1)).not.toBeNull();
  expect(await tokenMe(api, jwt1)).not.toBeNull();
  expect(await bearerMe(pair1.accessToken)).toBe(200);
  expect((await whoami(pair1.accessToken)).status).toBe(200);
  // New seals and JWTs are made under the new key; Auth.js's own renewal re-encodes an old JWT under it too.
  const seal2 = (await signInToSessionViaApi(api, app!.url, email)).seal;
  const jwt2 = await signInToTokenViaApi(api, app!.url, email);
  expect(sealId(seal2)).toBe("2");
  expect(await encryptedUnder(jwt2)).toBe("A2");
  const jwt1Renewed = await renewJwt(api, jwt1);
  expect(jwt1Renewed && (await encryptedUnder(jwt1Renewed))).toBe("A2");
  // The new bearer key is published but does not sign yet.
  const [k2, k1] = await publishedKids();
  const pairStep1 = await bearerLoginViaApi(api, app!.url, email);
  expect(kidOf(pairStep1.accessToken)).toBe(k1);

  // --- Step 2: the new bearer key signs. ------------------------------------------------------------------------
  await deploy({
    SESSION_SECRET: S1,
    SESSION_SECRET_2: S2,
    AUTH_SECRET: A1,
    AUTH_SECRET_1: A2,
    BEARER_SIGNING_KEYS: `${K2},${K1}`,
  });
  const pair2 = await bearerLoginViaApi(api, app!.url, email);
  expect(kidOf(pair2.accessToken)).toBe(k2);
  expect(JSON.parse(Buffer.from(pair2.accessToken.split(".")[0]!, "base64url").toString()).alg).toBe("ES256");
  for (const token of [pair1.accessToken, pairStep1.accessToken, pair2.accessToken])
    expect(await bearerMe(token)).toBe(200);
  // The verifier learns the new key without a restart: a kid it does not know makes it fetch the key set again,
  // at most once per cooldown (30 s after its last fetch).
  await expect
    .poll(async () => (await whoami(pair2.accessToken)).status, { timeout: 45_000, intervals: [1_000] })
    .toBe(200);
  const after = await whoami(pair2.accessToken);
  expect(after.body.verifier.keySet.kids).toEqual([k2, k1]);
  expect(after.body.verifier.keySet.fetches).toBe(2);
  expect((await whoami(pair1.accessToken)).status).toBe(200);
  expect(await sessionMe(api, seal1)).not.toBeNull();
  expect(await tokenMe(api, jwt1)).not.toBeNull();

  // --- Step 3: remove every old key. ---------------------------------------------------------------------------
  await deploy({ SESSION_SECRET_2: S2, AUTH_SECRET: A2, BEARER_SIGNING_KEYS: K2 });
  // Exactly what the old keys made is refused…
  expect(await sessionMe(api, seal1)).toBeNull();
  expect(await tokenMe(api, jwt1)).toBeNull();
  expect(await bearerMe(pair1.accessToken)).toBe(401);
  expect(await bearerMe(pairStep1.accessToken)).toBe(401);
  expect(await publishedKids()).toEqual([k2]);
  // …and nothing else: what the new keys made works, and so do refresh tokens issued under the old bearer key.
  expect(await sessionMe(api, seal2)).not.toBeNull();
  expect(await tokenMe(api, jwt2)).not.toBeNull();
  expect(await tokenMe(api, jwt1Renewed!)).not.toBeNull();
  expect(await bearerMe(pair2.accessToken)).toBe(200);
  const fromOldFamily = await refresh(pair1.refreshToken);
  expect(fromOldFamily.status()).toBe(200);
  const successor = (await fromOldFamily.json()).accessToken as string;
  expect([kidOf(successor), await bearerMe(successor)]).toEqual([k2, 200]);
  expect((await whoami(successor)).status).toBe(200);
});
