import { randomUUID } from "node:crypto";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { startServer, type TestServer } from "./support/server";
import {
  bearerLoginViaApi,
  signInToSessionViaApi,
  signInToTokenViaApi,
  signUpViaApi,
  SESSION_COOKIE,
  TOKEN_COOKIE,
  uniqueEmail,
} from "./helpers";

/**
 * The library-default peer routes (app/api/bench/) exist only in the benchmark's build
 * (docs/decisions/0110-bench-only-peers-and-ablations.md): a normal `npm run build` — the one these tests run — answers
 * 404 on each, with a valid credential, and keeps answering 404 when its server is started with the benchmark's
 * variables (they are fixed at build time, not read at start).
 */

const PEERS = ["/api/bench/iron-session", "/api/bench/nextauth", "/api/bench/jose"];

/** `request` is bound to the server under test (its baseURL is `base`). */
async function expectAllMissing(request: APIRequestContext, base: string) {
  const email = uniqueEmail("bench-peer");
  await signUpViaApi(request, base, email);
  const { seal } = await signInToSessionViaApi(request, base, email);
  const jwt = await signInToTokenViaApi(request, base, email);
  const { accessToken } = await bearerLoginViaApi(request, base, email);
  // The credentials are good: this app's own checks accept them.
  const session = await request.get("/api/session/me", { headers: { cookie: `${SESSION_COOKIE}=${seal}` } });
  expect(session.status()).toBe(200);
  const headers = {
    cookie: `${SESSION_COOKIE}=${seal}; ${TOKEN_COOKIE}=${jwt}`,
    authorization: `Bearer ${accessToken}`,
  };
  for (const peer of PEERS) {
    expect((await request.get(peer, { headers })).status(), `GET ${peer}`).toBe(404);
    expect((await request.get(peer)).status(), `GET ${peer} without credentials`).toBe(404);
  }
}

test("a normal build has no library-default peer routes: 404 with valid credentials", async ({ request, baseURL }) => {
  await expectAllMissing(request, baseURL!);
});

test.describe("started with the benchmark's variables", () => {
  let server: TestServer | undefined;
  test.beforeAll(async ({ baseURL }) => {
    server = await startServer(Number(new URL(baseURL!).port) + 47, {
      PGLITE_DIR: path.join(tmpdir(), `svt-bench-routes-${randomUUID()}`),
      SVT_BENCH_BUILD: "1",
      BENCH_ABLATE: "unseal-cache,decode-cache,verify-cache,session-batch",
    });
  });
  test.afterAll(async () => {
    await server?.stop();
  });

  test("still 404: the switch is fixed when the app is built", async ({ playwright }) => {
    const request = await playwright.request.newContext({ baseURL: server!.url });
    try {
      await expectAllMissing(request, server!.url);
    } finally {
      await request.dispose();
    }
  });
});
