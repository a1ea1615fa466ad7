import { expect, type APIRequestContext, type Browser } from "@playwright/test";
import {
  authCsrf,
  originHeader,
  PASSWORD,
  SESSION_COOKIE,
  setCookieValue,
  signInToSessionViaApi,
  signUpViaApi,
  TOKEN_COOKIE,
} from "./helpers";

/** Helpers of the credential-policy specs (e2e/credential-policy.spec.ts, e2e/credential-windows.spec.ts). */

export type CapturedAction = { url: string; headers: Record<string, string>; body: Buffer };

/**
 * Captures the server-action POST a settings form sends (from our own page, signed in with `seal`), and stops it
 * reaching the server, so a spec can post the same action directly with a thief's cookie.
 */
export async function captureSettingsAction(
  browser: Browser,
  baseURL: string,
  seal: string,
  submit: (page: import("@playwright/test").Page) => Promise<void>,
): Promise<CapturedAction> {
  const context = await browser.newContext();
  await context.addCookies([{ name: SESSION_COOKIE, value: seal, url: baseURL }]);
  const page = await context.newPage();
  await page.goto("/settings");
  await page.waitForLoadState("networkidle");
  let resolve!: (value: CapturedAction) => void;
  const captured = new Promise<CapturedAction>((r) => (resolve = r));
  await page.route("**/*", async (route) => {
    const req = route.request();
    const headers = await req.allHeaders();
    if (req.method() === "POST" && headers["next-action"]) {
      resolve({ url: req.url(), headers, body: req.postDataBuffer() ?? Buffer.alloc(0) });
      await route.abort();
      return;
    }
    await route.continue();
  });
  await submit(page);
  const action = await captured;
  await context.close();
  return action;
}

/** Posts a captured server action with this cookie header (same Origin as our pages). */
export function postAction(request: APIRequestContext, action: CapturedAction, cookie: string) {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(action.headers)) {
    if (["cookie", "content-length", "host"].includes(name) || name.startsWith(":")) continue;
    headers[name] = value;
  }
  headers.cookie = cookie;
  return request.fetch(action.url, { method: "POST", headers, data: action.body, maxRedirects: 0 });
}

/** The "Switch now" action, captured once from a throw-away account. */
export async function captureSwitchAction(browser: Browser, request: APIRequestContext, baseURL: string) {
  const { email } = await signUpViaApi(request, baseURL);
  const { seal } = await signInToSessionViaApi(request, baseURL, email);
  return captureSettingsAction(browser, baseURL, seal, (page) =>
    page.getByRole("button", { name: /Switch now to/ }).click(),
  );
}

export const sessionCookie = (seal: string) => `${SESSION_COOKIE}=${seal}`;
export const tokenCookie = (jwt: string) => `${TOKEN_COOKIE}=${jwt}`;

/** A live (non-empty) credential cookie set by a response, or undefined. */
export function liveCookie(response: import("@playwright/test").APIResponse, name: string): string | undefined {
  const value = setCookieValue(response, name);
  return value ? value : undefined;
}

/** GET /api/token/me with a JWT copy: the token's claims, or null when refused. */
export async function tokenMe(request: APIRequestContext, jwt: string) {
  const response = await request.get("/api/token/me", { headers: { cookie: tokenCookie(jwt) } });
  if (response.status() === 401) return null;
  expect(response.status()).toBe(200);
  return ((await response.json()) as { token: { authTime: number; revocation: boolean; exp: number } }).token;
}

/** GET /api/session/me with a session seal: the session, or null when refused. */
export async function sessionMe(request: APIRequestContext, seal: string) {
  const response = await request.get("/api/session/me", { headers: { cookie: sessionCookie(seal) } });
  if (response.status() === 401) return null;
  expect(response.status()).toBe(200);
  return ((await response.json()) as { session: { absoluteExpiresAt: string; createdAt: string } }).session;
}

/** Auth.js's sliding renewal (GET /api/auth/session) of a JWT copy: the renewed cookie, or null when refused. */
export async function renewJwt(request: APIRequestContext, jwt: string): Promise<string | null> {
  const response = await request.get("/api/auth/session", { headers: { cookie: tokenCookie(jwt) } });
  expect(response.status()).toBe(200);
  const body = (await response.json()) as { user?: unknown } | null;
  if (!body?.user) return null;
  return liveCookie(response, TOKEN_COOKIE) ?? jwt;
}

/** Auth.js's own sign-out (POST /api/auth/signout) with this JWT. */
export async function authJsSignOut(request: APIRequestContext, baseURL: string, jwt: string) {
  const { csrfToken, cookie } = await authCsrf(request);
  const response = await request.post("/api/auth/signout", {
    form: { csrfToken },
    headers: { ...originHeader(baseURL), cookie: `${cookie}; ${tokenCookie(jwt)}` },
    maxRedirects: 0,
  });
  expect(response.status()).toBeLessThan(400);
}

/** POST /api/token/revocation-mode with a JWT (the owner's), turning the mode on or off. */
export async function setMode(
  request: APIRequestContext,
  baseURL: string,
  jwt: string,
  enabled: boolean,
  currentPassword?: string,
) {
  return request.post("/api/token/revocation-mode", {
    data: { enabled, ...(currentPassword !== undefined ? { currentPassword } : {}) },
    headers: { ...originHeader(baseURL), cookie: tokenCookie(jwt) },
  });
}

/** The owner changes the password (or deletes the account) in their own browser, through the settings page. */
export async function ownerInBrowser(
  browser: Browser,
  request: APIRequestContext,
  baseURL: string,
  email: string,
  what: "password" | "deletion",
) {
  const { seal } = await signInToSessionViaApi(request, baseURL, email);
  const context = await browser.newContext();
  await context.addCookies([{ name: SESSION_COOKIE, value: seal, url: baseURL }]);
  const page = await context.newPage();
  await page.goto("/settings");
  await page.waitForLoadState("networkidle");
  if (what === "password") {
    await page.getByLabel("Current password").fill(PASSWORD);
    await page.getByLabel("New password").fill("a different long passphrase");
    await page.getByRole("button", { name: "Change password" }).click();
    await expect(page.getByText(/Password changed\./)).toBeVisible();
  } else {
    await page.getByLabel("Your password").fill(PASSWORD);
    await page.getByLabel("Type “delete” to confirm").fill("delete");
    await page.getByRole("button", { name: "Delete my account" }).click();
    await expect(page).toHaveURL(/account-deleted=1/);
  }
  await context.close();
}
