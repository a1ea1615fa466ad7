import { randomUUID } from "node:crypto";
import { expect, type APIRequestContext, type APIResponse, type Browser, type Page } from "@playwright/test";

export const PASSWORD = "a perfectly long passphrase";

export function uniqueEmail(prefix = "user"): string {
  return `${prefix}-${randomUUID().slice(0, 8)}@example.com`;
}

/** The Origin our own pages send; state-changing API calls need it. */
export function originHeader(baseURL: string | undefined) {
  return { origin: new URL(baseURL ?? "http://localhost:3210").origin };
}

/** Creates an account through the JSON API (fast path for specs that are not about sign-up). */
export async function signUpViaApi(
  request: APIRequestContext,
  baseURL: string | undefined,
  email = uniqueEmail(),
  name = "Test User",
) {
  const response = await request.post("/api/signup", {
    data: { email, name, password: PASSWORD },
    headers: originHeader(baseURL),
  });
  expect(response.status()).toBe(201);
  return { email, name, password: PASSWORD };
}

/** Creates an account through the sign-up form, as a person would. */
export async function signUpViaForm(page: Page, email = uniqueEmail(), name = "Form User") {
  await page.goto("/signup");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Display name").fill(name);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  return { email, name, password: PASSWORD };
}

// --- Session area (e2e/session*.spec.ts) -------------------------------------------------------------------

/** The session cookie's name on http://localhost (over https it is `__Host-svt_session`). */
export const SESSION_COOKIE = "svt_session";

/** Signs in through the session area's form, as a person would (the caller checks where it lands). */
export async function signInViaSessionForm(page: Page, email: string, password = PASSWORD, next?: string) {
  await page.goto(next ? `/session/login?next=${encodeURIComponent(next)}` : "/session/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in with a session" }).click();
}

/**
 * Signs in through POST /api/session/login as a brand-new client and returns the sealed cookie from Set-Cookie.
 * The empty Cookie header keeps the request context's own jar out of it: a sign-in ends whatever session the
 * client already held, so reusing the jar would end the previous call's session.
 */
export async function signInToSessionViaApi(request: APIRequestContext, baseURL: string | undefined, email: string) {
  const response = await request.post("/api/session/login", {
    data: { email, password: PASSWORD },
    headers: { ...originHeader(baseURL), cookie: "" },
  });
  expect(response.status()).toBe(200);
  const header = response
    .headersArray()
    .find((h) => h.name.toLowerCase() === "set-cookie" && h.value.startsWith(`${SESSION_COOKIE}=`));
  expect(header, "the response sets the session cookie").toBeTruthy();
  return { seal: header!.value.slice(SESSION_COOKIE.length + 1).split(";")[0]!, setCookie: header!.value };
}

// --- Token area (e2e/token*.spec.ts, e2e/bearer*.spec.ts) --------------------------------------------------

/** next-auth's session cookie on http://localhost (over https it is `__Secure-authjs.session-token`). */
export const TOKEN_COOKIE = "authjs.session-token";

/** Signs in through the token area's form (next-auth Credentials), as a person would. */
export async function signInViaTokenForm(page: Page, email: string, password = PASSWORD, next?: string) {
  await page.goto(next ? `/token/login?next=${encodeURIComponent(next)}` : "/token/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in with a token" }).click();
}

// --- Hardening (e2e/security-*.spec.ts, e2e/outage.spec.ts, e2e/concurrency.spec.ts) ----------------------

/** The value of cookie `name` in a response's Set-Cookie headers, or undefined. */
export function setCookieValue(response: APIResponse, name: string): string | undefined {
  const header = response
    .headersArray()
    .find((h) => h.name.toLowerCase() === "set-cookie" && h.value.startsWith(`${name}=`));
  return header?.value.slice(name.length + 1).split(";")[0];
}

/** All Set-Cookie header values of a response. */
export function setCookies(response: APIResponse): string[] {
  return response
    .headersArray()
    .filter((h) => h.name.toLowerCase() === "set-cookie")
    .map((h) => h.value);
}

/** Auth.js's CSRF token and its cookie, as a brand-new client gets them. */
export async function authCsrf(request: APIRequestContext) {
  const response = await request.get("/api/auth/csrf", { headers: { cookie: "" } });
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return { csrfToken, cookie: `authjs.csrf-token=${setCookieValue(response, "authjs.csrf-token")}` };
}

/**
 * Signs in to the token area through Auth.js's own credentials callback (with its CSRF token), as a new client;
 * returns the response (a redirect) so callers can look at its headers and Location.
 */
export async function tokenCallback(
  request: APIRequestContext,
  baseURL: string | undefined,
  email: string,
  { password = PASSWORD, callbackUrl, csrf = true }: { password?: string; callbackUrl?: string; csrf?: boolean } = {},
) {
  const { csrfToken, cookie } = await authCsrf(request);
  return request.post("/api/auth/callback/credentials", {
    form: { ...(csrf ? { csrfToken } : {}), email, password, ...(callbackUrl !== undefined ? { callbackUrl } : {}) },
    headers: { ...originHeader(baseURL), cookie },
    maxRedirects: 0,
  });
}

/** Signs in to the token area and returns the `authjs.session-token` cookie value. */
export async function signInToTokenViaApi(request: APIRequestContext, baseURL: string | undefined, email: string) {
  const response = await tokenCallback(request, baseURL, email);
  const token = setCookieValue(response, TOKEN_COOKIE);
  expect(token, "Auth.js set the session cookie").toBeTruthy();
  return token!;
}

/** Signs in to the bearer flow; returns the token pair. */
export async function bearerLoginViaApi(request: APIRequestContext, baseURL: string | undefined, email: string) {
  const response = await request.post("/api/bearer/login", {
    data: { email, password: PASSWORD },
    headers: { ...originHeader(baseURL), cookie: "" },
  });
  expect(response.status()).toBe(200);
  return (await response.json()) as { accessToken: string; refreshToken: string };
}

// --- Several browsers of one account (e2e/settings.spec.ts, e2e/compare.spec.ts) ------------------------------

/** A fresh browser context signed in to one area through its form, landed on that area's page. */
export async function signedInContext(browser: Browser, email: string, area: "session" | "token") {
  const context = await browser.newContext();
  const page = await context.newPage();
  if (area === "session") await signInViaSessionForm(page, email);
  else await signInViaTokenForm(page, email);
  await expect(page).toHaveURL(area === "session" ? /\/session$/ : /\/token$/);
  return { context, page };
}
