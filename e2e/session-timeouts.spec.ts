import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import { unsealData } from "iron-session";
import { PASSWORD, SESSION_COOKIE, uniqueEmail } from "./helpers";
import { startServer, type TestServer } from "./support/server";

/**
 * The session area on a second `next start` from the same build, configured the way the main test server
 * cannot be: a 3-second absolute lifetime (so a row really expires, on PGlite too, where no other process may
 * touch the database) and a trusted proxy that says "https" (so the cookie gets its production name and
 * Secure). On PGlite it has its own fresh database; on Postgres it shares DATABASE_URL.
 */

const PORT = Number(process.env.E2E_PORT ?? 3210) + 1011;
const LIFETIME_SECONDS = 3;

let server: TestServer;
let api: APIRequestContext;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  server = await startServer(PORT, {
    SESSION_ABSOLUTE_TIMEOUT: String(LIFETIME_SECONDS),
    TRUSTED_PROXY: "any",
    ...(process.env.DATABASE_URL ? {} : { PGLITE_DIR: mkdtempSync(path.join(tmpdir(), "svt-e2e-session-timeouts-")) }),
  });
  api = await playwrightRequest.newContext({ baseURL: server.url });
});

test.afterAll(async () => {
  await api?.dispose();
  await server?.stop();
});

async function account(headers: Record<string, string>) {
  const email = uniqueEmail("short-lived");
  const signup = await api.post("/api/signup", { data: { email, name: "Short Lived", password: PASSWORD }, headers });
  expect(signup.status()).toBe(201);
  return email;
}

function sessionCookieFrom(setCookies: string[], name: string) {
  const line = setCookies.find((c) => c.startsWith(`${name}=`));
  expect(line, `a ${name} cookie is set`).toBeTruthy();
  return { line: line!, seal: line!.slice(name.length + 1).split(";")[0]! };
}

const setCookies = (headers: Array<{ name: string; value: string }>) =>
  headers.filter((h) => h.name.toLowerCase() === "set-cookie").map((h) => h.value);

test("a row past its lifetime is rejected even though its seal still opens", async () => {
  const origin = { origin: server.url };
  const email = await account(origin);
  const login = await api.post("/api/session/login", { data: { email, password: PASSWORD }, headers: origin });
  expect(login.status()).toBe(200);
  const { line, seal } = sessionCookieFrom(setCookies(login.headersArray()), SESSION_COOKIE);
  // The cookie lives no longer than the row.
  const maxAge = Number(/Max-Age=(\d+)/i.exec(line)![1]);
  expect(maxAge).toBeLessThanOrEqual(LIFETIME_SECONDS);
  const cookie = { cookie: `${SESSION_COOKIE}=${seal}` };
  expect((await api.get("/api/session/me", { headers: cookie })).status()).toBe(200);

  // Wait until the row's absolute expiry has passed (a condition, polled — not a timing assertion).
  const { absoluteExpiresAt } = (await (await api.get("/api/session/me", { headers: cookie })).json()).session;
  await expect
    .poll(() => Date.now() > new Date(absoluteExpiresAt).getTime() + 250, { timeout: 10_000, intervals: [250] })
    .toBe(true);

  // iron-session still accepts the seal (it allows 60 s of clock skew), so it is the row that says no.
  const content = await unsealData<{ secret?: string }>(seal, { password: { 1: process.env.E2E_SESSION_SECRET! } });
  expect(content.secret).toBeTruthy();
  const expired = await api.get("/api/session/me", { headers: cookie });
  expect(expired.status()).toBe(401);
  expect(await expired.json()).toMatchObject({ reason: "expired" });
  expect(setCookies(expired.headersArray()).join("\n")).toMatch(new RegExp(`${SESSION_COOKIE}=;.*Max-Age=0`, "i"));
  // Deleted, so a second try finds nothing at all.
  expect(await (await api.get("/api/session/me", { headers: cookie })).json()).toMatchObject({ reason: "unknown" });
});

test("over https the cookie is __Host-svt_session with Secure, and the plain name is ignored", async () => {
  const https = { origin: `https://localhost:${PORT}`, "x-forwarded-proto": "https" };
  const email = await account(https);
  const login = await api.post("/api/session/login", { data: { email, password: PASSWORD }, headers: https });
  expect(login.status()).toBe(200);
  const hostName = `__Host-${SESSION_COOKIE}`;
  const { line, seal } = sessionCookieFrom(setCookies(login.headersArray()), hostName);
  expect(line).toMatch(/;\s*Secure/i);
  expect(line).toMatch(/;\s*HttpOnly/i);
  expect(line).toMatch(/;\s*SameSite=Lax/i);
  expect(line).toMatch(/;\s*Path=\//i);
  expect(line).not.toMatch(/;\s*Domain=/i);

  const asHttps = await api.get("/api/session/me", {
    headers: { "x-forwarded-proto": "https", cookie: `${hostName}=${seal}` },
  });
  expect(asHttps.status()).toBe(200);
  const plainName = await api.get("/api/session/me", {
    headers: { "x-forwarded-proto": "https", cookie: `${SESSION_COOKIE}=${seal}` },
  });
  expect(await plainName.json()).toMatchObject({ reason: "no-cookie" });
});
