import { expect, test } from "@playwright/test";
import { available, createPrivatePostgres, type PrivatePostgres } from "./support/postgres";
import { startServer, type TestServer } from "./support/server";
import {
  bearerLoginViaApi,
  originHeader,
  SESSION_COOKIE,
  setCookies,
  signInToSessionViaApi,
  signInToTokenViaApi,
  signUpViaApi,
  TOKEN_COOKIE,
} from "./helpers";

/**
 * SECURITY.md §6: database outage. A private PostgreSQL is really stopped and started again under an extra
 * `next start`. While it is down, every request whose check needs the database gets a fast 503 (the request
 * timeout below is the "never hang" bound) and nobody is treated as signed in on a valid cookie alone; when it
 * is back, the same server answers normally again without a restart.
 */

test.describe("database outage", () => {
  test.skip(!available(), "needs the PostgreSQL server binaries and a postgres user (present in CI)");
  test.describe.configure({ mode: "serial", timeout: 180_000 });

  let pg: PrivatePostgres;
  let server: TestServer;

  test.beforeAll(async () => {
    test.setTimeout(180_000);
    const port = Number(new URL(test.info().project.use.baseURL ?? "http://localhost:3210").port);
    pg = createPrivatePostgres(port + 2200);
    server = await startServer(port + 40, { DATABASE_URL: pg.url });
  });
  test.afterAll(async () => {
    await server?.stop();
    pg?.destroy();
  });

  test("authenticated requests get a fast 503 while Postgres is down, and the server recovers by itself", async ({
    playwright,
  }) => {
    const base = server.url;
    // The helpers use relative URLs: a request context of their own, aimed at this server.
    const request = await playwright.request.newContext({ baseURL: base });
    const origin = originHeader(base);
    const { email } = await signUpViaApi(request, base);
    const { seal } = await signInToSessionViaApi(request, base, email);
    const pair = await bearerLoginViaApi(request, base, email);
    // A token in revocation mode: every use checks the account's token version in the database.
    const plain = await signInToTokenViaApi(request, base, email);
    const mode = await request.post(`${base}/api/token/revocation-mode`, {
      data: { enabled: true },
      headers: { ...origin, cookie: `${TOKEN_COOKIE}=${plain}` },
    });
    expect(mode.status()).toBe(200);
    const revocable = setCookies(mode)
      .find((c) => c.startsWith(`${TOKEN_COOKIE}=`))!
      .split(";")[0]!;
    const session = `${SESSION_COOKIE}=${seal}`;
    const fast = { timeout: 10_000 }; // a hang fails the request, and with it the test

    // Sanity: all of it works while the database is up.
    expect((await request.get(`${base}/api/session/me`, { headers: { cookie: session } })).status()).toBe(200);
    expect((await request.get(`${base}/api/token/me`, { headers: { cookie: revocable } })).status()).toBe(200);

    pg.stop();
    try {
      for (let round = 0; round < 2; round++) {
        const me = await request.get(`${base}/api/session/me`, { headers: { cookie: session }, ...fast });
        expect(me.status(), "session/me").toBe(503);
        expect(me.headers()["retry-after"]).toBeTruthy();
        expect(await me.text()).not.toContain(email);

        const token = await request.get(`${base}/api/token/me`, { headers: { cookie: revocable }, ...fast });
        expect(token.status(), "token/me in revocation mode").toBe(503);
        expect(await token.text()).not.toContain(email);

        const refresh = await request.post(`${base}/api/bearer/refresh`, {
          data: { refreshToken: pair.refreshToken },
          headers: origin,
          ...fast,
        });
        expect(refresh.status(), "bearer refresh").toBe(503);

        const login = await request.post(`${base}/api/session/login`, {
          data: { email, password: "a perfectly long passphrase" },
          headers: { ...origin, cookie: "" },
          ...fast,
        });
        expect(login.status(), "session login").toBe(503);
        expect(setCookies(login)).toEqual([]);

        const page = await request.get(`${base}/session`, { headers: { cookie: session }, maxRedirects: 0, ...fast });
        expect(page.status(), "/session page").toBeLessThan(500);
        const html = await page.text();
        expect(html, "the /session page does not show the account").not.toContain(email);
        if (page.status() === 200) expect(html).toContain("The database is unavailable");

        const tokenPage = await request.get(`${base}/token`, {
          headers: { cookie: revocable },
          maxRedirects: 0,
          ...fast,
        });
        expect(tokenPage.status(), "/token page").toBeLessThan(500);
        expect(await tokenPage.text(), "the /token page does not show the account").not.toContain(email);

        const health = await request.get(`${base}/api/health`, fast);
        expect(health.status()).toBe(503);
      }
      // The bearer access token needs no database (a signature check), by design: it keeps working.
      expect(
        (
          await request.get(`${base}/api/bearer/me`, { headers: { authorization: `Bearer ${pair.accessToken}` } })
        ).status(),
      ).toBe(200);
    } finally {
      pg.start();
    }

    // Recovery without a restart: the same process answers normally again.
    await expect
      .poll(async () => (await request.get(`${base}/api/session/me`, { headers: { cookie: session } })).status(), {
        timeout: 30_000,
      })
      .toBe(200);
    expect((await request.get(`${base}/api/token/me`, { headers: { cookie: revocable } })).status()).toBe(200);
    const refreshed = await request.post(`${base}/api/bearer/refresh`, {
      data: { refreshToken: pair.refreshToken },
      headers: origin,
    });
    expect(refreshed.status(), "the refresh token was not spent by the failed attempts").toBe(200);
    expect(server.process.exitCode).toBeNull();
  });
});
