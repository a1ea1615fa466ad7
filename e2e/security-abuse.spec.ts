import { randomUUID } from "node:crypto";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { startServer, type TestServer } from "./support/server";
import { PASSWORD, setCookies, TOKEN_COOKIE, uniqueEmail } from "./helpers";

/**
 * SECURITY.md "Abuse limits", through the real endpoints of a `next start` with small limits, behind a (simulated)
 * Vercel proxy so that each request can name its client address with X-Real-IP. Issue 13 findings 5 (a blocked
 * address still counts against accounts), 6 (an oversized email is a 500 / error=Configuration) and 7 (every
 * address of an IPv6 /64 has its own bucket). The row bound (finding 4) is lib/security/abuse-limits.test.ts.
 */

const PER_IP = 5;
let server: TestServer;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  const port = Number(new URL(test.info().project.use.baseURL ?? "http://localhost:3210").port);
  server = await startServer(port + 5, {
    // A private embedded database, so the counters start at zero on both database passes.
    DATABASE_URL: "",
    PGLITE_DIR: path.join(tmpdir(), `svt-abuse-${randomUUID()}`),
    TRUSTED_PROXY: "vercel",
    LOGIN_LIMIT_PER_IP: String(PER_IP),
    SIGNUP_LIMIT_PER_IP: "50",
  });
});
test.afterAll(async () => {
  await server?.stop();
});

const as = (ip: string) => ({ "x-real-ip": ip, "x-forwarded-for": ip });

async function post(request: APIRequestContext, route: string, data: object, ip: string) {
  return request.post(`${server.url}${route}`, {
    data,
    headers: { origin: server.url, cookie: "", "user-agent": "e2e", ...as(ip) },
  });
}

async function signUp(request: APIRequestContext, ip: string) {
  const email = uniqueEmail("abuse");
  const response = await post(request, "/api/signup", { email, name: "Owner", password: PASSWORD }, ip);
  expect(response.status()).toBe(201);
  return email;
}

/** 1 000 distinct CJK characters: 3 KB of UTF-8 that no compression shrinks. */
const cjkEmail = () =>
  `${Array.from({ length: 1000 }, (_, i) => String.fromCodePoint(0x4e00 + ((i * 7919) % 20000))).join("")}@example.com`;

test("an address over its per-IP limit adds nothing to the accounts it names: the owner signs in from elsewhere", async ({
  request,
}) => {
  const email = await signUp(request, "198.51.100.200");
  const attacker = "203.0.113.50";
  for (let i = 0; i < PER_IP; i++)
    expect(
      (await post(request, "/api/session/login", { email: uniqueEmail("x"), password: "x" }, attacker)).status(),
    ).toBe(401);
  for (let i = 0; i < 11; i++) {
    const response = await post(
      request,
      i % 2 ? "/api/bearer/login" : "/api/session/login",
      { email, password: `guess ${i}` },
      attacker,
    );
    expect(response.status(), `attempt ${i + 1} from the blocked address`).toBe(429);
    expect(Number(response.headers()["retry-after"]), "Retry-After").toBeGreaterThan(0);
  }
  for (const route of ["/api/session/login", "/api/bearer/login"]) {
    const owner = await post(request, route, { email, password: PASSWORD }, "198.51.100.201");
    expect(owner.status(), `the owner from another address, ${route}`).toBe(200);
  }
});

test("failures on an account from one address lock it for that address, not for the owner elsewhere", async ({
  request,
}) => {
  const email = await signUp(request, "198.51.100.202");
  // Many attacking addresses would each need their own budget; two are enough to show it is per address.
  for (const attacker of ["203.0.113.60", "203.0.113.61"]) {
    const statuses: number[] = [];
    for (let i = 0; i < PER_IP; i++)
      statuses.push((await post(request, "/api/session/login", { email, password: `guess ${i}` }, attacker)).status());
    expect(statuses.every((s) => s === 401)).toBe(true);
  }
  const owner = await post(request, "/api/session/login", { email, password: PASSWORD }, "198.51.100.203");
  expect(owner.status(), "the owner from a third address").toBe(200);
});

test("a 3 KB email is a 400 on the email field on every JSON sign-in and sign-up route, never a 500", async ({
  request,
}) => {
  const email = cjkEmail();
  let i = 0;
  for (const route of ["/api/session/login", "/api/bearer/login", "/api/signup"]) {
    const response = await post(request, route, { email, name: "Big", password: PASSWORD }, `192.0.2.${++i}`);
    const body = (await response.json()) as { fields?: Record<string, string> };
    expect(response.status(), `${route}: ${JSON.stringify(body).slice(0, 200)}`).toBe(400);
    expect(body.fields?.email, `${route} names the email field`).toMatch(/254/);
  }
  // NFKC can expand: U+FDFA is one character and eighteen after normalisation (20 of them: 360 characters).
  const expanding = `${"\uFDFA".repeat(20)}@example.com`;
  const response = await post(request, "/api/session/login", { email: expanding, password: "x" }, "192.0.2.9");
  expect(response.status()).toBe(400);
  expect(((await response.json()) as { fields?: Record<string, string> }).fields?.email).toMatch(/254/);
  // A password over 256 characters.
  const long = await post(
    request,
    "/api/bearer/login",
    { email: uniqueEmail(), password: "p".repeat(300) },
    "192.0.2.10",
  );
  expect(long.status()).toBe(400);
  expect(((await long.json()) as { fields?: Record<string, string> }).fields?.password).toMatch(/256/);
});

test("a 3 KB email through Auth.js's credentials callback comes back as a per-field error, never error=Configuration", async ({
  request,
}) => {
  const headers = { cookie: "", ...as("192.0.2.20") };
  const csrf = await request.get(`${server.url}/api/auth/csrf`, { headers });
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const csrfCookie = setCookies(csrf)
    .find((c) => c.startsWith("authjs.csrf-token="))!
    .split(";")[0]!;
  const response = await request.post(`${server.url}/api/auth/callback/credentials`, {
    form: { csrfToken, email: cjkEmail(), password: "wrong password" },
    headers: { ...headers, origin: server.url, cookie: csrfCookie },
    maxRedirects: 0,
  });
  expect(response.status(), "a redirect, not a 500").toBeLessThan(400);
  const location = response.headers()["location"] ?? "";
  expect(location).not.toContain("Configuration");
  expect(setCookies(response).some((c) => c.startsWith(`${TOKEN_COOKIE}=ey`))).toBe(false);
  const page = await request.get(new URL(location, server.url).toString(), { headers });
  expect(page.status()).toBe(200);
  expect(await page.text()).toContain("Email must be at most 254 characters.");
});

test("a thief's wrong password confirmations do not lock the owner, at another address, out of weakening or changing", async ({
  request,
}) => {
  const email = await signUp(request, "198.51.100.210");
  // One JWT sign-in, copied: the thief and the owner hold the same cookie (the owner's browser is elsewhere).
  const owner = { cookie: "", ...as("198.51.100.211") };
  const csrf = await request.get(`${server.url}/api/auth/csrf`, { headers: owner });
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const csrfCookie = setCookies(csrf)
    .find((c) => c.startsWith("authjs.csrf-token="))!
    .split(";")[0]!;
  const signIn = await request.post(`${server.url}/api/auth/callback/credentials`, {
    form: { csrfToken, email, password: PASSWORD },
    headers: { ...owner, origin: server.url, cookie: csrfCookie },
    maxRedirects: 0,
  });
  const jwt = setCookies(signIn)
    .find((c) => c.startsWith(`${TOKEN_COOKIE}=`))!
    .split(";")[0]!;
  const mode = (enabled: boolean, ip: string, currentPassword?: string) =>
    request.post(`${server.url}/api/token/revocation-mode`, {
      data: { enabled, ...(currentPassword ? { currentPassword } : {}) },
      headers: { origin: server.url, cookie: jwt, "user-agent": "e2e", ...as(ip) },
    });
  expect((await mode(true, "198.51.100.211")).status(), "turning the mode on needs no password").toBe(200);
  const thief = "203.0.113.70";
  const statuses: number[] = [];
  for (let i = 0; i < 11; i++) statuses.push((await mode(false, thief, `guess number ${i}`)).status());
  expect(statuses.slice(0, 10), "wrong guesses").toEqual(Array(10).fill(401));
  expect(statuses[10], "the thief's address is over its limit").toBe(429);
  const ownerOff = await mode(false, "198.51.100.211", PASSWORD);
  expect(ownerOff.status(), "the owner, from their own address, with the right password").toBe(200);
});

test("every address of one IPv6 /64 shares one bucket", async ({ request }) => {
  const statuses: number[] = [];
  for (let i = 0; i <= PER_IP; i++) {
    const ip = `2001:db8:abcd:12:${(i * 4099).toString(16)}:${i.toString(16)}:1:${(i + 1).toString(16)}`;
    statuses.push((await post(request, "/api/bearer/login", { email: uniqueEmail("v6"), password: "x" }, ip)).status());
  }
  expect(statuses.slice(0, PER_IP).every((s) => s === 401)).toBe(true);
  expect(statuses[PER_IP], "the next address of the same /64").toBe(429);
  // Another /64 is another subscriber.
  const other = await post(
    request,
    "/api/bearer/login",
    { email: uniqueEmail("v6"), password: "x" },
    "2001:db8:abcd:13::1",
  );
  expect(other.status()).toBe(401);
});

test("without a trusted proxy the TCP peer is recorded, not a spoofed X-Forwarded-For, and not 'unknown'", async ({
  request,
  baseURL,
}) => {
  // The main test server runs with TRUSTED_PROXY unset (= none): the start-up stamp names the peer.
  const origin = new URL(baseURL!).origin;
  const email = uniqueEmail("peer");
  const spoof = { "x-forwarded-for": "203.0.113.77", "x-real-ip": "203.0.113.78", "x-svt-peer": "x 203.0.113.79" };
  expect(
    (
      await request.post(`${origin}/api/signup`, {
        data: { email, name: "Peer", password: PASSWORD },
        headers: { origin, ...spoof },
      })
    ).status(),
  ).toBe(201);
  const login = await request.post(`${origin}/api/session/login`, {
    data: { email, password: PASSWORD },
    headers: { origin, cookie: "", ...spoof },
  });
  expect(login.status()).toBe(200);
  const cookie = setCookies(login)
    .find((c) => c.startsWith("svt_session="))!
    .split(";")[0]!;
  const page = await (await request.get(`${origin}/session`, { headers: { cookie, ...spoof } })).text();
  expect(page).not.toMatch(/203\.0\.113\.7[789]/);
  expect(page, "the device list shows the loopback peer").toMatch(/127\.0\.0\.1|::1/);
});

test("requests racing the start-up cannot pick their bucket with X-Forwarded-For", async ({ request }) => {
  test.setTimeout(120_000);
  // A fresh server with TRUSTED_PROXY=none, hit from the moment it listens — before, during and after the start-up
  // hook — each request claiming another address. They all land in the peer's bucket or the shared "unknown" one.
  const port = Number(new URL(test.info().project.use.baseURL ?? "http://localhost:3210").port) + 6;
  const racing = startServer(port, {
    DATABASE_URL: "",
    PGLITE_DIR: path.join(tmpdir(), `svt-abuse-race-${randomUUID()}`),
    TRUSTED_PROXY: "none",
    LOGIN_LIMIT_PER_IP: "2",
  });
  const url = `http://localhost:${port}`;
  const statuses: number[] = [];
  try {
    for (let i = 0; statuses.length < 20; i++) {
      try {
        const response = await request.post(`${url}/api/session/login`, {
          data: { email: uniqueEmail("race"), password: "wrong password" },
          headers: { origin: url, "x-forwarded-for": `203.0.113.${i % 250}`, "x-real-ip": `203.0.113.${i % 250}` },
          timeout: 30_000,
        });
        statuses.push(response.status());
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 20)); // not listening yet
      }
    }
  } finally {
    await (await racing).stop();
  }
  const answered = statuses.filter((s) => s !== 429);
  // At most three buckets (localhost's 127.0.0.1 and ::1, and "unknown" before the stamp), two attempts each —
  // never one per claimed address.
  expect(answered.length, `statuses: ${statuses.join(",")}`).toBeLessThanOrEqual(6);
  expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(14);
});

test("the sign-in and sign-up forms answer an oversized email or password on the field", async ({ page }) => {
  const longEmail = `${"a".repeat(250)}@example.com`;
  const forms: Array<[string, string, Record<string, string>]> = [
    ["/token/login", "Sign in with a token", { Email: longEmail, Password: "wrong password" }],
    ["/session/login", "Sign in with a session", { Email: longEmail, Password: "wrong password" }],
    ["/login", "Sign in", { Email: longEmail, Password: "wrong password" }],
    ["/signup", "Create account", { Email: longEmail, "Display name": "Long", Password: PASSWORD }],
  ];
  for (const [url, button, values] of forms) {
    await page.goto(url);
    for (const [label, value] of Object.entries(values)) await page.getByLabel(label, { exact: true }).fill(value);
    await page.getByRole("button", { name: button, exact: true }).click();
    await expect(page.locator("#field-email-error"), url).toHaveText("Email must be at most 254 characters.");
  }
  await page.goto("/token/login");
  await page.getByLabel("Email", { exact: true }).fill(uniqueEmail("long-password"));
  await page.getByLabel("Password", { exact: true }).fill("p".repeat(300));
  await page.getByRole("button", { name: "Sign in with a token", exact: true }).click();
  await expect(page.locator("#field-password-error")).toHaveText("Use at most 256 characters.");
});
