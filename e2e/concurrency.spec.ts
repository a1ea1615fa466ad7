import { expect, test } from "@playwright/test";
import { startServer, type TestServer } from "./support/server";
import {
  bearerLoginViaApi,
  originHeader,
  PASSWORD,
  SESSION_COOKIE,
  setCookieValue,
  signInToSessionViaApi,
  signUpViaApi,
} from "./helpers";

/**
 * SECURITY.md §7: concurrency against real PostgreSQL (collected only when DATABASE_URL is set — CI's second
 * pass; see playwright.config.ts).
 * Parallel sign-ins get distinct sessions, a refresh token is spent exactly once however many requests race for
 * it, and once a sign-out has answered nothing authenticates with what it ended.
 */

test.describe("concurrency on PostgreSQL", () => {
  test.describe.configure({ mode: "serial", timeout: 120_000 });

  test("50 parallel sign-ins of one user → 50 distinct sessions, no 5xx", async ({ playwright }) => {
    // The per-account limit (10 per 15 minutes) would rightly refuse most of a burst of 50; this is about the
    // database under concurrency, so an extra server on the same database raises only that limit.
    const port = Number(new URL(test.info().project.use.baseURL ?? "http://localhost:3210").port);
    let server: TestServer | undefined;
    try {
      server = await startServer(port + 50, {
        DATABASE_URL: process.env.DATABASE_URL!,
        LOGIN_LIMIT_PER_ACCOUNT: "1000",
      });
      const request = await playwright.request.newContext({ baseURL: server.url });
      const { email } = await signUpViaApi(request, server.url);
      const responses = await Promise.all(
        Array.from({ length: 50 }, () =>
          request.post("/api/session/login", {
            data: { email, password: PASSWORD },
            headers: { ...originHeader(server!.url), cookie: "" },
          }),
        ),
      );
      const statuses = responses.map((r) => r.status());
      expect(
        statuses.filter((s) => s >= 500),
        "no 5xx",
      ).toEqual([]);
      expect(
        statuses.every((s) => s === 200),
        statuses.join(","),
      ).toBe(true);
      const seals = responses.map((r) => setCookieValue(r, SESSION_COOKIE)!);
      const prefixes = await Promise.all(
        responses.map(async (r) => ((await r.json()) as { session: { idPrefix: string } }).session.idPrefix),
      );
      expect(new Set(seals).size).toBe(50);
      expect(new Set(prefixes).size).toBe(50);
      // Every one of them is a live session of its own.
      const me = await Promise.all(
        seals.map((seal) => request.get("/api/session/me", { headers: { cookie: `${SESSION_COOKIE}=${seal}` } })),
      );
      expect(me.map((r) => r.status()).every((s) => s === 200)).toBe(true);
      const ids = await Promise.all(
        me.map(async (r) => ((await r.json()) as { session: { idPrefix: string } }).session.idPrefix),
      );
      expect(new Set(ids).size).toBe(50);
      await request.dispose();
    } finally {
      await server?.stop();
    }
  });

  test("20 parallel refreshes of one refresh token → exactly one success", async ({ request, baseURL }) => {
    const { email } = await signUpViaApi(request, baseURL);
    const { refreshToken } = await bearerLoginViaApi(request, baseURL, email);
    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        request.post("/api/bearer/refresh", { data: { refreshToken }, headers: originHeader(baseURL) }),
      ),
    );
    const statuses = responses.map((r) => r.status());
    expect(
      statuses.filter((s) => s === 200),
      statuses.join(","),
    ).toHaveLength(1);
    expect(
      statuses.filter((s) => s !== 200).every((s) => s === 401),
      statuses.join(","),
    ).toBe(true);
    // The race counts as reuse: the family is revoked, so even the winner's new token is dead.
    const winner = (await responses[statuses.indexOf(200)]!.json()) as { refreshToken: string };
    const after = await request.post("/api/bearer/refresh", {
      data: { refreshToken: winner.refreshToken },
      headers: originHeader(baseURL),
    });
    expect([200, 401]).toContain(after.status());
  });

  test("a sign-out racing in-flight requests: nothing authenticates after the sign-out has answered", async ({
    request,
    baseURL,
  }) => {
    const { email } = await signUpViaApi(request, baseURL);
    const { seal } = await signInToSessionViaApi(request, baseURL, email);
    const cookie = `${SESSION_COOKIE}=${seal}`;
    const me = () => request.get("/api/session/me", { headers: { cookie } });

    const inFlight = Array.from({ length: 20 }, () => me());
    const logout = await request.post("/api/session/logout", {
      data: { scope: "this" },
      headers: { ...originHeader(baseURL), cookie },
    });
    expect(logout.status()).toBe(200);
    expect(((await logout.json()) as { ended: number }).ended).toBe(1);
    // Requests sent before the sign-out answered may have been served either way, but none fails with a 5xx.
    for (const r of await Promise.all(inFlight)) expect([200, 401]).toContain(r.status());
    // Everything sent after it is refused, even in a burst.
    const after = await Promise.all(Array.from({ length: 20 }, () => me()));
    expect(after.map((r) => r.status())).toEqual(Array(20).fill(401));

    // The same for the bearer flow: once logout has answered, the refresh token is dead.
    const pair = await bearerLoginViaApi(request, baseURL, email);
    const racing = Array.from({ length: 10 }, () =>
      request.post("/api/bearer/refresh", {
        data: { refreshToken: pair.refreshToken },
        headers: originHeader(baseURL),
      }),
    );
    const out = await request.post("/api/bearer/logout", {
      data: { refreshToken: pair.refreshToken },
      headers: originHeader(baseURL),
    });
    expect(out.status()).toBe(200);
    const raced = await Promise.all(racing);
    for (const r of raced) expect([200, 401]).toContain(r.status());
    // Any token a racing refresh handed out belongs to the revoked family.
    for (const r of raced.filter((x) => x.status() === 200)) {
      const { refreshToken } = (await r.json()) as { refreshToken: string };
      const again = await request.post("/api/bearer/refresh", {
        data: { refreshToken },
        headers: originHeader(baseURL),
      });
      expect(again.status(), "a token from the signed-out family").toBe(401);
    }
  });
});
