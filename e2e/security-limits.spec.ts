import { randomUUID } from "node:crypto";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test, type APIRequestContext, type APIResponse } from "@playwright/test";
import { startServer, type TestServer } from "./support/server";
import { originHeader, PASSWORD, setCookies, signUpViaApi, tokenCallback, TOKEN_COOKIE, uniqueEmail } from "./helpers";

/**
 * SECURITY.md §4: abuse limits. Per account (every spelling of an email is one account) and per IP, on both
 * areas' sign-ins, the bearer login and refresh, and sign-up; X-Forwarded-For is believed only behind a
 * configured proxy; a locked account gets the same answer as any other; the lock is short (Retry-After is at most
 * the window). 429 with Retry-After.
 */

const LOGIN_WINDOW_SECONDS = 15 * 60;

function expectLimited(response: APIResponse, what: string, windowSeconds = LOGIN_WINDOW_SECONDS) {
  expect(response.status(), what).toBe(429);
  const retryAfter = Number(response.headers()["retry-after"]);
  expect(retryAfter, `${what}: Retry-After`).toBeGreaterThan(0);
  expect(retryAfter, `${what}: the lock is no longer than the window`).toBeLessThanOrEqual(windowSeconds);
}

test.describe("per account (main server)", () => {
  test("10 failures under any spelling of the email lock that account in every area; the lock is short", async ({
    request,
    baseURL,
  }) => {
    const { email } = await signUpViaApi(request, baseURL);
    const [local, domain] = email.split("@");
    const spellings = [email, email.toUpperCase(), ` ${email} `, `${local!.toUpperCase()}@${domain}`, `\t${email}`];
    const origin = originHeader(baseURL);
    for (let i = 0; i < 10; i++) {
      const response = await request.post(i % 2 ? "/api/session/login" : "/api/bearer/login", {
        data: { email: spellings[i % spellings.length], password: `wrong password ${i}` },
        headers: { ...origin, cookie: "" },
      });
      expect(response.status(), `attempt ${i + 1}`).toBe(401);
    }
    // Now even the right password is refused, in each area, without the password being looked at.
    expectLimited(
      await request.post("/api/session/login", { data: { email, password: PASSWORD }, headers: origin }),
      "session login",
    );
    expectLimited(
      await request.post("/api/bearer/login", {
        data: { email: email.toUpperCase(), password: PASSWORD },
        headers: origin,
      }),
      "bearer login",
    );
    const token = await tokenCallback(request, baseURL, ` ${email.toUpperCase()}`);
    expect(
      setCookies(token).some((c) => c.startsWith(`${TOKEN_COOKIE}=ey`)),
      "no token issued",
    ).toBe(false);
  });

  test("a locked account gets exactly the answer a locked unknown email gets", async ({ request, baseURL }) => {
    const { email: real } = await signUpViaApi(request, baseURL);
    const unknown = uniqueEmail("nobody");
    const origin = originHeader(baseURL);
    const lock = async (email: string) => {
      for (let i = 0; i < 10; i++)
        await request.post("/api/session/login", { data: { email, password: "nope nope nope" }, headers: origin });
      return request.post("/api/session/login", { data: { email, password: PASSWORD }, headers: origin });
    };
    const [a, b] = [await lock(real), await lock(unknown)];
    expect(a.status()).toBe(429);
    expect(b.status()).toBe(429);
    expect(await a.json()).toEqual(await b.json());
  });

  test("sign-up is limited per email, whatever its spelling", async ({ request, baseURL }) => {
    const email = uniqueEmail("signup-limit");
    const origin = originHeader(baseURL);
    const statuses: number[] = [];
    for (let i = 0; i < 26; i++) {
      const spelling = i % 2 ? email.toUpperCase() : ` ${email}`;
      const response = await request.post("/api/signup", {
        data: { email: spelling, name: "Limit", password: PASSWORD },
        headers: origin,
      });
      statuses.push(response.status());
      if (response.status() === 429) expectLimited(response, "sign-up", 60 * 60);
    }
    expect(statuses[0]).toBe(201);
    expect(statuses.slice(1, 25).every((s) => s === 409)).toBe(true);
    expect(statuses[25]).toBe(429);
  });
});

test.describe("per IP, and X-Forwarded-For (extra servers with low limits)", () => {
  test.describe.configure({ mode: "serial" });
  const PER_IP = 5;
  let direct: TestServer;
  let behindVercel: TestServer;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    const port = Number(new URL(test.info().project.use.baseURL ?? "http://localhost:3210").port);
    const common = {
      // A private embedded database each, so these counters start at zero on both database passes.
      DATABASE_URL: "",
      LOGIN_LIMIT_PER_IP: String(PER_IP),
      SIGNUP_LIMIT_PER_IP: "3",
    };
    [direct, behindVercel] = await Promise.all([
      startServer(port + 30, {
        ...common,
        PGLITE_DIR: path.join(tmpdir(), `svt-limits-direct-${randomUUID()}`),
        TRUSTED_PROXY: "none",
      }),
      startServer(port + 31, {
        ...common,
        PGLITE_DIR: path.join(tmpdir(), `svt-limits-vercel-${randomUUID()}`),
        TRUSTED_PROXY: "vercel",
      }),
    ]);
  });
  test.afterAll(async () => {
    await Promise.all([direct?.stop(), behindVercel?.stop()]);
  });

  const spoof = (i: number) => {
    const ip = `203.0.113.${i + 1}`;
    return { "x-forwarded-for": ip, "x-real-ip": ip, forwarded: `for=${ip}` };
  };

  async function login(request: APIRequestContext, server: TestServer, p: string, headers: Record<string, string>) {
    return request.post(`${server.url}${p}`, {
      data: { email: uniqueEmail("ip"), password: "wrong password" },
      headers: { origin: server.url, cookie: "", ...headers },
    });
  }

  test("without a trusted proxy, rotating X-Forwarded-For does not escape the per-IP sign-in limit", async ({
    request,
  }) => {
    for (let i = 0; i < PER_IP; i++) {
      const response = await login(request, direct, i % 2 ? "/api/bearer/login" : "/api/session/login", spoof(i));
      expect(response.status(), `attempt ${i + 1}`).toBe(401);
    }
    expectLimited(await login(request, direct, "/api/session/login", spoof(99)), "session login, new XFF");
    expectLimited(await login(request, direct, "/api/bearer/login", spoof(98)), "bearer login, new XFF");
    // The token area's sign-in goes through the same check.
    const csrf = await request.get(`${direct.url}/api/auth/csrf`, { headers: { cookie: "", ...spoof(97) } });
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const csrfCookie = setCookies(csrf)
      .find((c) => c.startsWith("authjs.csrf-token="))!
      .split(";")[0]!;
    const token = await request.post(`${direct.url}/api/auth/callback/credentials`, {
      form: { csrfToken, email: uniqueEmail("ip"), password: "wrong password" },
      headers: { origin: direct.url, cookie: csrfCookie, ...spoof(96) },
      maxRedirects: 0,
    });
    expect(setCookies(token).some((c) => c.startsWith(`${TOKEN_COOKIE}=ey`))).toBe(false);
  });

  test("without a trusted proxy, rotating X-Forwarded-For does not escape the sign-up and refresh limits", async ({
    request,
  }) => {
    for (let i = 0; i < 3; i++) {
      const response = await request.post(`${direct.url}/api/signup`, {
        data: { email: uniqueEmail("ip-signup"), name: "IP", password: PASSWORD },
        headers: { origin: direct.url, ...spoof(i) },
      });
      expect(response.status()).toBe(201);
    }
    expectLimited(
      await request.post(`${direct.url}/api/signup`, {
        data: { email: uniqueEmail("ip-signup"), name: "IP", password: PASSWORD },
        headers: { origin: direct.url, ...spoof(50) },
      }),
      "sign-up",
      60 * 60,
    );

    // Refresh: 4 × the sign-in limit per IP.
    const refresh = (i: number) =>
      request.post(`${direct.url}/api/bearer/refresh`, {
        data: { refreshToken: `not-a-token-${i}` },
        headers: { origin: direct.url, ...spoof(i) },
      });
    for (let i = 0; i < PER_IP * 4; i++) expect((await refresh(i)).status(), `refresh ${i + 1}`).toBe(401);
    expectLimited(await refresh(200), "refresh");
  });

  test("with TRUSTED_PROXY=vercel the proxy's client address is used: each client has its own bucket", async ({
    request,
  }) => {
    // Eight different clients, one attempt each: none is limited although the server saw one TCP peer.
    for (let i = 0; i < 8; i++) {
      const response = await login(request, behindVercel, "/api/session/login", spoof(i));
      expect(response.status(), `client ${i + 1}`).toBe(401);
    }
    // One client over its limit is limited — and only that client.
    for (let i = 0; i < PER_IP - 1; i++)
      expect((await login(request, behindVercel, "/api/session/login", spoof(0))).status()).toBe(401);
    expectLimited(await login(request, behindVercel, "/api/session/login", spoof(0)), "client 1 over its limit");
    expect((await login(request, behindVercel, "/api/session/login", spoof(7))).status()).toBe(401);
  });
});
