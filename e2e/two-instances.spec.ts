import { expect, test } from "@playwright/test";
import { PASSWORD, SESSION_COOKIE, signInViaTokenForm, TOKEN_COOKIE, uniqueEmail } from "./helpers";
import { startServer, type TestServer } from "./support/server";

/**
 * Scale-out proof (README "Scaling"): two more `next start` processes from the Playwright build, on two ports,
 * against the one Postgres database in DATABASE_URL, with the same secrets — what two serverless instances on
 * Vercel are. Nothing is shared between them except that database: a session made on A is read from the
 * database on B, a revocation on B is seen by A on its very next request, and both kinds of JWT verify on B with
 * the shared key alone. The query counts come from the `X-DB-Queries` header of the `/me` endpoints
 * (lib/server/query-count.ts). Plain `fetch` (no cookie jar: cookies ignore ports, so one jar would mix A and B).
 * scripts/two-instances.mjs runs the same checks by hand and prints the numbers.
 */

// Collected only when DATABASE_URL is set (playwright.config.ts): two processes can share only a real Postgres
// database, PGlite is one process only. CI's Postgres pass runs it.
test.describe.configure({ mode: "serial" });

const BASE_PORT = Number(process.env.E2E_PORT ?? 3210);
let a: TestServer;
let b: TestServer;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  const database = { DATABASE_URL: process.env.DATABASE_URL! };
  [a, b] = await Promise.all([startServer(BASE_PORT + 1, database), startServer(BASE_PORT + 2, database)]);
});

test.afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
});

/**
 * One changed character ten from the end: inside a JWE's tag or a JWS's signature. Not the last characters: in
 * base64url they carry padding bits, so rewriting them can leave the decoded bytes, and a valid token, unchanged.
 */
function tamper(value: string) {
  const at = value.length - 10;
  return value.slice(0, at) + (value[at] === "A" ? "B" : "A") + value.slice(at + 1);
}

const queriesOf = (response: Response) => Number(response.headers.get("x-db-queries"));

async function signUp(server: TestServer, prefix: string) {
  const email = uniqueEmail(prefix);
  const response = await server.send("POST", "/api/signup", {
    json: { email, name: "Scale Out", password: PASSWORD },
  });
  expect(response.status).toBe(201);
  return email;
}

test("a session created through A is accepted by B; revoking it through B ends it on A at the very next request", async () => {
  const email = await signUp(a, "two-session");
  const login = await a.send("POST", "/api/session/login", { json: { email, password: PASSWORD } });
  expect(login.status).toBe(200);
  const line = login.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  expect(line, "A sets the session cookie").toBeTruthy();
  const cookie = line!.split(";")[0]!;

  const onA = await a.send("GET", "/api/session/me", { cookie });
  const onB = await b.send("GET", "/api/session/me", { cookie });
  expect(onA.status).toBe(200);
  expect(onB.status).toBe(200);
  const [meA, meB] = [await onA.json(), await onB.json()];
  expect(meB.user.email).toBe(email);
  expect(meB.session.idPrefix).toBe(meA.session.idPrefix); // the same row, read by another process
  // The session check is one primary-key lookup joined to the user (no renewal within its first minute).
  expect(meB.session.renewed).toBe(false);
  expect(queriesOf(onB)).toBe(1);
  expect(queriesOf(onA)).toBe(1);

  const logout = await b.send("POST", "/api/session/logout", { cookie, json: {} });
  expect(logout.status).toBe(200);
  expect(await logout.json()).toEqual({ scope: "this", ended: 1 });

  // No cache anywhere: A's very next check looks the row up, finds it gone, and rejects the same cookie.
  const afterOnA = await a.send("GET", "/api/session/me", { cookie });
  expect(afterOnA.status).toBe(401);
  expect(await afterOnA.json()).toMatchObject({ reason: "unknown" });
  expect(queriesOf(afterOnA)).toBe(1);
});

test("a next-auth JWT issued by A verifies on B with zero database queries", async ({ browser }) => {
  const email = await signUp(a, "two-jwt");
  const context = await browser.newContext({ baseURL: a.url });
  const page = await context.newPage();
  await signInViaTokenForm(page, email);
  await expect(page).toHaveURL(/\/token$/);
  const value = (await context.cookies()).find((c) => c.name === TOKEN_COOKIE)?.value;
  await context.close();
  expect(value, "A's sign-in set the next-auth cookie").toBeTruthy();

  const onB = await b.send("GET", "/api/token/me", { cookie: `${TOKEN_COOKIE}=${value}` });
  expect(onB.status).toBe(200);
  const me = await onB.json();
  expect(me.user.email).toBe(email);
  expect(me.token.revocation).toBe(false);
  expect(queriesOf(onB)).toBe(0);
  expect(me.checks.databaseQueries).toBe(0);

  // B really decrypts it: one changed character and the same request is signed out.
  const tampered = tamper(value!);
  const forged = await b.send("GET", "/api/token/me", { cookie: `${TOKEN_COOKIE}=${tampered}` });
  expect(forged.status).toBe(401);
});

test("a bearer access token issued by A verifies on B with zero queries; refresh rotation is shared", async () => {
  const email = await signUp(a, "two-bearer");
  const login = await a.send("POST", "/api/bearer/login", { json: { email, password: PASSWORD } });
  expect(login.status).toBe(200);
  const { accessToken, refreshToken } = await login.json();

  const onB = await b.send("GET", "/api/bearer/me", { bearer: accessToken });
  expect(onB.status).toBe(200);
  expect((await onB.json()).user.email).toBe(email);
  expect(queriesOf(onB)).toBe(0);
  const forged = await b.send("GET", "/api/bearer/me", { bearer: tamper(accessToken) });
  expect(forged.status).toBe(401);

  // Refresh tokens live in Postgres: spent on B, the same token is a replay on A (and revokes the family).
  const rotated = await b.send("POST", "/api/bearer/refresh", { json: { refreshToken } });
  expect(rotated.status).toBe(200);
  const next = await rotated.json();
  const replay = await a.send("POST", "/api/bearer/refresh", { json: { refreshToken } });
  expect(replay.status).toBe(401);
  expect((await replay.json()).error).toContain("already used");
  const afterReplay = await b.send("POST", "/api/bearer/refresh", { json: { refreshToken: next.refreshToken } });
  expect(afterReplay.status).toBe(401);
});

test("one refresh token sent to A and B at once (10 each) → exactly one new pair", async () => {
  const email = await signUp(b, "two-race");
  const login = await b.send("POST", "/api/bearer/login", { json: { email, password: PASSWORD } });
  expect(login.status).toBe(200);
  const { refreshToken } = await login.json();
  const responses = await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      (i % 2 ? b : a).send("POST", "/api/bearer/refresh", { json: { refreshToken } }),
    ),
  );
  const statuses = responses.map((r) => r.status);
  expect(statuses.filter((s) => s === 200)).toHaveLength(1);
  expect(statuses.filter((s) => s === 401)).toHaveLength(19);
});
