import { expect, test, type APIResponse } from "@playwright/test";
import {
  originHeader,
  PASSWORD,
  SESSION_COOKIE,
  signInToSessionViaApi,
  signInToTokenViaApi,
  signUpViaApi,
  TOKEN_COOKIE,
} from "./helpers";

/**
 * SECURITY.md §5: bad input everywhere → a clear 4xx, never a 5xx, never the input echoed back, never a
 * Prisma/Next.js internal in the body. Table-driven over every JSON route.
 */

const MARK = "ECHO_PROBE_7f3a";
const INTERNALS =
  /prisma|PrismaClient|node_modules|\bat [\w.<>]+ \(|webpack|turbopack|TypeError|SyntaxError|ZodError|stack|\.tsx?:\d+|NEXT_|digest/i;

const JSON_ROUTES = [
  "/api/session/login",
  "/api/session/logout",
  "/api/bearer/login",
  "/api/bearer/refresh",
  "/api/bearer/logout",
  "/api/signup",
  "/api/token/revocation-mode",
];

type Case = { name: string; body: string | Buffer; type?: string; expected?: number[] };

const big = (bytes: number) => JSON.stringify({ email: `${MARK}@example.com`, password: "p".repeat(bytes) });

const CASES: Case[] = [
  { name: "malformed JSON", body: `{"email": "${MARK}`, expected: [400] },
  { name: "trailing garbage", body: `{"email":"${MARK}"} ${MARK}`, expected: [400] },
  { name: "empty body", body: "", expected: [400] },
  { name: "whitespace body", body: "   \n", expected: [400] },
  { name: "JSON null", body: "null", expected: [400] },
  { name: "JSON array", body: `["${MARK}"]`, expected: [400] },
  { name: "JSON string", body: `"${MARK}"`, expected: [400] },
  { name: "JSON number", body: "1e309", expected: [400] },
  {
    name: "object where strings belong",
    body: `{"email":{"$ne":"${MARK}"},"password":{"$gt":""},"refreshToken":{"a":"${MARK}"},"name":["${MARK}"],"scope":{"x":1},"enabled":{"${MARK}":true}}`,
  },
  {
    name: "numbers and booleans",
    body: `{"email":1,"password":true,"refreshToken":0,"name":false,"scope":7,"enabled":"yes"}`,
  },
  {
    name: "__proto__ key",
    body: `{"__proto__":{"isAdmin":true,"${MARK}":1},"email":"${MARK}@example.com","password":"${MARK}"}`,
  },
  {
    name: "constructor.prototype",
    body: `{"constructor":{"prototype":{"${MARK}":1}},"email":"a@example.com","password":"x"}`,
  },
  { name: "duplicate keys", body: `{"email":"a@example.com","email":{"${MARK}":1},"password":"x","password":"y"}` },
  {
    name: "lone surrogate and NUL",
    body: `{"email":"\\ud800${MARK}\\u0000@example.com","password":"\\u0000","name":"\\ud800","refreshToken":"\\u0000"}`,
  },
  { name: "invalid UTF-8 bytes", body: Buffer.from([0x7b, 0x22, 0x65, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]) },
  { name: "deeply nested", body: `${"[".repeat(3000)}${"]".repeat(3000)}`, expected: [400] },
  { name: "over the size limit", body: big(20_000), expected: [413] },
  { name: "far over the size limit", body: big(2_000_000), expected: [413] },
  { name: "text/plain", body: `{"email":"${MARK}"}`, type: "text/plain", expected: [415] },
  { name: "no content type", body: `{"email":"${MARK}"}`, type: "", expected: [415] },
  { name: "json lookalike type", body: `{"email":"${MARK}"}`, type: "application/jsonx", expected: [415] },
  {
    name: "form-encoded",
    body: `email=${MARK}&password=x`,
    type: "application/x-www-form-urlencoded",
    expected: [415],
  },
];

function expectCleanRefusal(response: APIResponse, text: string, what: string, expected?: number[]) {
  expect(response.status(), `${what}: ${text.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
  expect(response.status(), `${what}: ${text.slice(0, 200)}`).toBeLessThan(500);
  if (expected) expect(expected, `${what}: got ${response.status()}`).toContain(response.status());
  expect(text, `${what} echoes input`).not.toContain(MARK);
  expect(text, `${what} leaks an internal`).not.toMatch(INTERNALS);
  expect(response.headers()["content-type"] ?? "", what).toContain("application/json");
  const body = JSON.parse(text) as { error?: unknown };
  expect(typeof body.error, `${what} has a clear error`).toBe("string");
}

test.describe("bad input on every JSON route", () => {
  test("malformed, mistyped, oversized and polluted bodies → clear 4xx", async ({ request, baseURL }) => {
    test.setTimeout(120_000);
    const { email } = await signUpViaApi(request, baseURL);
    const { seal } = await signInToSessionViaApi(request, baseURL, email);
    const token = await signInToTokenViaApi(request, baseURL, email);
    // Signed in to both areas, so the authenticated routes reach their body parsing.
    const cookie = `${SESSION_COOKIE}=${seal}; ${TOKEN_COOKIE}=${token}`;
    for (const route of JSON_ROUTES) {
      for (const c of CASES) {
        // Sign-out takes an optional scope, so a body without one is valid (200): it is sent without the session
        // cookie, which keeps this test's session alive for the routes after it.
        const lenient = route === "/api/session/logout" && !c.expected;
        const headers: Record<string, string> = {
          ...originHeader(baseURL),
          cookie: route === "/api/session/logout" ? `${TOKEN_COOKIE}=${token}` : cookie,
        };
        if (c.type !== "") headers["content-type"] = c.type ?? "application/json";
        const response = await request.post(route, { data: c.body, headers, failOnStatusCode: false });
        const text = await response.text();
        if (lenient && response.status() === 200) {
          expect(text, `${route} ${c.name} echoes input`).not.toContain(MARK);
          continue;
        }
        expectCleanRefusal(response, text, `${route} ${c.name}`, c.expected);
      }
    }
    // Prototype pollution did not reach the server's objects: the account is still an ordinary one.
    const me = await request.get("/api/session/me", { headers: { cookie } });
    expect(me.status()).toBe(200);
    expect(JSON.stringify(await me.json())).not.toMatch(/isAdmin|ECHO_PROBE/);
  });

  test("unknown and unsupported methods → 405 with Allow (OPTIONS → 204 with Allow)", async ({ request }) => {
    const routes: Array<[string, string]> = [
      ...JSON_ROUTES.map((r) => [r, "POST"] as [string, string]),
      ["/api/session/me", "GET"],
      ["/api/token/me", "GET"],
      ["/api/bearer/me", "GET"],
      ["/api/bearer/tokens", "GET"],
      ["/api/health", "GET"],
      ["/api/auth/session", "GET"],
    ];
    for (const [route, allowed] of routes) {
      for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE"].filter((m) => m !== allowed)) {
        if (route.startsWith("/api/auth/") && method === "POST") continue; // Auth.js serves GET and POST
        const response = await request.fetch(route, { method, data: method === "GET" ? undefined : "{}" });
        const text = await response.text();
        expect(response.status(), `${method} ${route}`).toBe(405);
        expect(response.headers()["allow"], `${method} ${route}`).toContain(allowed);
        expect(text).not.toMatch(INTERNALS);
      }
      const options = await request.fetch(route, { method: "OPTIONS" });
      expect(options.status(), `OPTIONS ${route}`).toBe(204);
      expect(options.headers()["allow"]).toContain(allowed);
    }
    // A method no route knows.
    for (const method of ["PROPFIND", "TRACE", "FOO"]) {
      const response = await request.fetch("/api/session/login", { method });
      expect(response.status(), method).toBeGreaterThanOrEqual(400);
      expect(response.status(), method).toBeLessThan(500);
    }
  });

  test("duplicate and hostile query parameters, and garbage credentials, never 5xx", async ({ request, baseURL }) => {
    const gets = [
      "/api/session/me?x=1&x=2",
      "/api/health?__proto__[a]=1&constructor[prototype][b]=2",
      "/api/auth/session?callbackUrl=/a&callbackUrl=//evil.example",
      "/session/login?next=/a&next=//evil.example",
      "/token/login?next=/a&next=//evil.example&error=x&error=CredentialsSignin",
      `/token/login?error=${MARK}`,
      `/session/login?next=${"%".repeat(50)}`,
      "/api/bearer/tokens?limit=-1&limit=abc",
    ];
    for (const url of gets) {
      const response = await request.get(url, { maxRedirects: 0 });
      expect(response.status(), url).toBeLessThan(500);
      const text = await response.text();
      if (url.startsWith("/api/")) expect(text, url).not.toContain(MARK);
    }
    // Malformed credentials mean "signed out", never a crash.
    const garbage = [
      `${SESSION_COOKIE}=${MARK}`,
      `${SESSION_COOKIE}=Fe26.2**${"a".repeat(400)}`,
      `${SESSION_COOKIE}=%E0%A4%A; ${TOKEN_COOKIE}=%`,
      `${TOKEN_COOKIE}=eyJhbGciOiJub25lIn0.${MARK}.`,
      `${TOKEN_COOKIE}=${"x".repeat(4000)}`,
    ];
    for (const cookie of garbage) {
      for (const url of ["/api/session/me", "/api/token/me", "/session", "/token", "/api/auth/session"]) {
        const response = await request.get(url, { headers: { cookie }, maxRedirects: 0 });
        expect(response.status(), `${url} ${cookie.slice(0, 40)}`).toBeLessThan(500);
        if (url.startsWith("/api/session") || url.startsWith("/api/token"))
          expect(response.status(), `${url} signed out`).toBe(401);
      }
    }
    for (const authorization of [`Bearer ${MARK}`, "Bearer", "Basic Zm9vOmJhcg==", `Bearer a.b.c`, "Bearer  "]) {
      for (const url of ["/api/bearer/me", "/api/bearer/tokens"]) {
        const response = await request.get(url, { headers: { authorization } });
        const text = await response.text();
        expect(response.status(), `${url} ${authorization}`).toBe(401);
        expect(text).not.toContain(MARK);
        expect(text).not.toMatch(INTERNALS);
      }
    }
    // Duplicate form fields in a sign-in through Auth.js: the first value is used, nothing breaks.
    const { email } = await signUpViaApi(request, baseURL);
    const csrf = await request.get("/api/auth/csrf", { headers: { cookie: "" } });
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const csrfCookie = csrf
      .headersArray()
      .find((h) => h.name.toLowerCase() === "set-cookie" && h.value.startsWith("authjs.csrf-token="))!
      .value.split(";")[0]!;
    const dup = await request.post("/api/auth/callback/credentials", {
      data: `csrfToken=${csrfToken}&email=${encodeURIComponent(email)}&email=${MARK}&password=${encodeURIComponent(PASSWORD)}&password=x`,
      headers: { ...originHeader(baseURL), cookie: csrfCookie, "content-type": "application/x-www-form-urlencoded" },
      maxRedirects: 0,
    });
    expect(dup.status()).toBeLessThan(500);
  });
});
