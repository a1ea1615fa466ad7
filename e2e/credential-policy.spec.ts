import { expect, test, type APIRequestContext } from "@playwright/test";
import {
  authCsrf,
  originHeader,
  PASSWORD,
  SESSION_COOKIE,
  signInToSessionViaApi,
  signInToTokenViaApi,
  signUpViaApi,
  TOKEN_COOKIE,
} from "./helpers";
import {
  captureSettingsAction,
  captureSwitchAction,
  liveCookie,
  ownerInBrowser,
  postAction,
  renewJwt,
  sessionCookie,
  sessionMe,
  setMode,
  tokenCookie,
  tokenMe,
  type CapturedAction,
} from "./policy-helpers";

/**
 * Issue 13, findings 1–3, attacked as a thief holding a copy of a cookie would: "switch now" posted directly with
 * the copy (Next-Action), revocation mode turned off with it, Auth.js's /api/auth/session asked to renew it. The
 * credential policy (lib/strategy/credential-policy.ts, SECURITY.md "Credential policy") must refuse each.
 */

const DAY_MS = 24 * 60 * 60 * 1000;
const TOKEN_ABSOLUTE_MS = 30 * DAY_MS; // TOKEN_ABSOLUTE_LIFETIME's default

let switchAction: CapturedAction;

test.beforeAll(async ({ browser, playwright, baseURL }) => {
  const request = await playwright.request.newContext({ baseURL });
  switchAction = await captureSwitchAction(browser, request, baseURL!);
  await request.dispose();
});

const switchWith = (request: APIRequestContext, cookie: string) => postAction(request, switchAction, cookie);

test.describe("finding 1: switch now", () => {
  test("switching a stolen default-mode JWT to a session and back never moves its absolute end", async ({
    request,
    baseURL,
  }) => {
    const { email } = await signUpViaApi(request, baseURL);
    const jwt = await signInToTokenViaApi(request, baseURL, email);
    const authTime = (await tokenMe(request, jwt))!.authTime;

    const toSession = await switchWith(request, tokenCookie(jwt));
    const seal = liveCookie(toSession, SESSION_COOKIE);
    expect(seal, "the switch made a session").toBeTruthy();
    const session = (await sessionMe(request, seal!))!;
    expect(
      new Date(session.absoluteExpiresAt).getTime(),
      "the session ends no later than the JWT it came from",
    ).toBeLessThanOrEqual(authTime * 1000 + TOKEN_ABSOLUTE_MS);

    const back = await switchWith(request, sessionCookie(seal!));
    const jwt2 = liveCookie(back, TOKEN_COOKIE);
    expect(jwt2, "the switch back made a JWT").toBeTruthy();
    const claims = (await tokenMe(request, jwt2!))!;
    expect(claims.authTime, "the JWT switched back keeps the password sign-in time").toBe(authTime);
    expect(claims.revocation, "a JWT made from a session is version-checked").toBe(true);
  });

  test("after the owner changes the password, a stolen JWT copy cannot be switched into a session", async ({
    browser,
    request,
    baseURL,
  }) => {
    const { email } = await signUpViaApi(request, baseURL);
    const jwt = await signInToTokenViaApi(request, baseURL, email);
    await ownerInBrowser(browser, request, baseURL!, email, "password");
    const response = await switchWith(request, tokenCookie(jwt));
    expect(liveCookie(response, SESSION_COOKIE), "no session minted from a pre-change JWT").toBeUndefined();
  });

  test("after revocation mode is turned on, a laundered JWT still ends at the owner's sign out everywhere", async ({
    request,
    baseURL,
  }) => {
    const { email } = await signUpViaApi(request, baseURL);
    const stolen = await signInToTokenViaApi(request, baseURL, email);
    const owner = await signInToTokenViaApi(request, baseURL, email);
    expect((await setMode(request, baseURL!, owner, true)).status()).toBe(200);

    const seal = liveCookie(await switchWith(request, tokenCookie(stolen)), SESSION_COOKIE);
    expect(seal).toBeTruthy();
    const laundered = liveCookie(await switchWith(request, sessionCookie(seal!)), TOKEN_COOKIE);
    expect(laundered).toBeTruthy();
    expect(await tokenMe(request, laundered!)).not.toBeNull();

    const ownerSession = await signInToSessionViaApi(request, baseURL, email);
    const everywhere = await request.post("/api/session/logout", {
      data: { scope: "others" },
      headers: { ...originHeader(baseURL), cookie: sessionCookie(ownerSession.seal) },
    });
    expect(everywhere.status()).toBe(200);
    expect(await tokenMe(request, laundered!), "the laundered JWT is ended by sign out everywhere").toBeNull();
    expect(await renewJwt(request, stolen), "the original copy is not renewed either").toBeNull();
  });

  test("parallel switch-now calls from one session leave exactly one live JWT and the session ended", async ({
    request,
    baseURL,
  }) => {
    const { email } = await signUpViaApi(request, baseURL);
    const { seal } = await signInToSessionViaApi(request, baseURL, email);
    const responses = await Promise.all(Array.from({ length: 8 }, () => switchWith(request, sessionCookie(seal))));
    const minted = responses.map((r) => liveCookie(r, TOKEN_COOKIE)).filter((v): v is string => Boolean(v));
    expect(minted, "exactly one switch minted a JWT").toHaveLength(1);
    expect(await sessionMe(request, seal), "the original session ended").toBeNull();
    expect(await tokenMe(request, minted[0]!), "the one successor works").not.toBeNull();
  });

  test("parallel switch-now calls from one JWT leave exactly one live session and the JWT ended", async ({
    request,
    baseURL,
  }) => {
    const { email } = await signUpViaApi(request, baseURL);
    const jwt = await signInToTokenViaApi(request, baseURL, email);
    const responses = await Promise.all(Array.from({ length: 8 }, () => switchWith(request, tokenCookie(jwt))));
    const minted = responses.map((r) => liveCookie(r, SESSION_COOKIE)).filter((v): v is string => Boolean(v));
    expect(minted, "exactly one switch minted a session").toHaveLength(1);
    expect(await sessionMe(request, minted[0]!), "the one successor works").not.toBeNull();
    expect(await renewJwt(request, jwt), "the original JWT is never renewed again").toBeNull();
    const again = await switchWith(request, tokenCookie(jwt));
    expect(liveCookie(again, SESSION_COOKIE), "nor exchanged again").toBeUndefined();
  });
});

test.describe("finding 2: revocation mode off needs the password", () => {
  test("POST /api/token/revocation-mode {enabled:false} with a stolen JWT and no password is refused", async ({
    request,
    baseURL,
  }) => {
    const { email } = await signUpViaApi(request, baseURL);
    const owner = await signInToTokenViaApi(request, baseURL, email);
    expect((await setMode(request, baseURL!, owner, true)).status()).toBe(200);
    const stolen = await signInToTokenViaApi(request, baseURL, email);

    const bare = await setMode(request, baseURL!, stolen, false);
    expect(bare.status(), "no password: refused").toBe(400);
    expect(((await bare.json()) as { fields: Record<string, string> }).fields.currentPassword).toBeTruthy();
    expect((await setMode(request, baseURL!, stolen, false, "not the password")).status(), "wrong password").toBe(401);
    const fresh = await signInToTokenViaApi(request, baseURL, email);
    expect((await tokenMe(request, fresh))!.revocation, "the mode is still on").toBe(true);
    expect(await tokenMe(request, stolen), "the thief's copy is still checked").not.toBeNull();

    const owned = await setMode(request, baseURL!, owner, false, PASSWORD);
    expect(owned.status(), "the owner, with the password, can turn it off").toBe(200);
    expect(((await owned.json()) as { enabled: boolean }).enabled).toBe(false);
    // Turning it on again never asks for the password.
    expect((await setMode(request, baseURL!, owner, true)).status()).toBe(200);
  });

  test("the settings action posted directly with a stolen JWT cannot turn revocation mode off", async ({
    browser,
    request,
    baseURL,
  }) => {
    // Capture the "turn off" form's action on a throw-away account whose mode is on.
    const capture = await signUpViaApi(request, baseURL);
    const captureJwt = await signInToTokenViaApi(request, baseURL, capture.email);
    expect((await setMode(request, baseURL!, captureJwt, true)).status()).toBe(200);
    const { seal } = await signInToSessionViaApi(request, baseURL, capture.email);
    const turnOff = await captureSettingsAction(browser, baseURL!, seal, async (page) => {
      // (A build without the password field — today's main — posts the form without one.)
      const password = page.getByLabel("Password to turn it off");
      if (await password.count()) await password.fill("a guess");
      await page.getByRole("button", { name: "Turn revocation mode off" }).click();
    });

    const { email } = await signUpViaApi(request, baseURL);
    const owner = await signInToTokenViaApi(request, baseURL, email);
    expect((await setMode(request, baseURL!, owner, true)).status()).toBe(200);
    const stolen = await signInToTokenViaApi(request, baseURL, email);
    const response = await postAction(request, turnOff, tokenCookie(stolen));
    expect(response.status()).toBeLessThan(500);
    const fresh = await signInToTokenViaApi(request, baseURL, email);
    expect((await tokenMe(request, fresh))!.revocation, "the mode is still on").toBe(true);
  });
});

test.describe("finding 3: renewal is a checkpoint", () => {
  /** Auth.js's `update` trigger: POST /api/auth/session with its CSRF token and (untrusted) data. */
  async function updateJwt(request: APIRequestContext, baseURL: string, jwt: string) {
    const { csrfToken, cookie } = await authCsrf(request);
    const response = await request.post("/api/auth/session", {
      data: { csrfToken, data: { name: "Someone else" } },
      headers: { ...originHeader(baseURL), cookie: `${cookie}; ${tokenCookie(jwt)}` },
    });
    expect(response.status()).toBe(200);
    const body = (await response.json()) as { user?: unknown } | null;
    return body?.user ? (liveCookie(response, TOKEN_COOKIE) ?? jwt) : null;
  }

  test("a deleted account's JWT is not renewed by /api/auth/session, with or without the update trigger", async ({
    browser,
    request,
    baseURL,
  }) => {
    const { email } = await signUpViaApi(request, baseURL);
    const jwt = await signInToTokenViaApi(request, baseURL, email);
    expect(await renewJwt(request, jwt), "renewed while the account exists").not.toBeNull();
    await ownerInBrowser(browser, request, baseURL!, email, "deletion");
    expect(await renewJwt(request, jwt), "sliding renewal refused").toBeNull();
    expect(await updateJwt(request, baseURL!, jwt), "update trigger refused").toBeNull();
  });

  test("a password-changed account's default-mode JWT is not renewed", async ({ browser, request, baseURL }) => {
    const { email } = await signUpViaApi(request, baseURL);
    const jwt = await signInToTokenViaApi(request, baseURL, email);
    await ownerInBrowser(browser, request, baseURL!, email, "password");
    expect(await renewJwt(request, jwt), "sliding renewal refused").toBeNull();
    expect(await updateJwt(request, baseURL!, jwt), "update trigger refused").toBeNull();
  });
});

test.describe("a thief's other routes to a fresh credential", () => {
  test("a JWT copy from before a password change is not re-issued by a name change, and cannot run a lab", async ({
    browser,
    request,
    baseURL,
  }) => {
    const capture = await signUpViaApi(request, baseURL);
    const { seal } = await signInToSessionViaApi(request, baseURL, capture.email);
    const rename = await captureSettingsAction(browser, baseURL!, seal, async (page) => {
      await page.getByRole("textbox", { name: "Display name" }).fill("Renamed");
      await page.getByRole("button", { name: "Save name" }).click();
    });

    const { email } = await signUpViaApi(request, baseURL);
    const stolen = await signInToTokenViaApi(request, baseURL, email);
    await ownerInBrowser(browser, request, baseURL!, email, "password");
    const renamed = await postAction(request, rename, tokenCookie(stolen));
    expect(liveCookie(renamed, TOKEN_COOKIE), "no re-issued JWT").toBeUndefined();
    const lab = await request.post("/api/compare/replay", {
      data: {},
      headers: { ...originHeader(baseURL), cookie: tokenCookie(stolen) },
    });
    expect(lab.status(), "no lab devices minted from it").toBe(401);
  });

  test("a stolen session switched to a JWT and back is still capped, and the owner's sign out everywhere ends it", async ({
    request,
    baseURL,
  }) => {
    const { email } = await signUpViaApi(request, baseURL);
    const { seal } = await signInToSessionViaApi(request, baseURL, email);
    const original = (await sessionMe(request, seal))!;
    let cookie = sessionCookie(seal);
    let session = seal;
    for (let i = 0; i < 3; i++) {
      const jwt = liveCookie(await switchWith(request, cookie), TOKEN_COOKIE)!;
      expect(jwt).toBeTruthy();
      session = liveCookie(await switchWith(request, tokenCookie(jwt)), SESSION_COOKIE)!;
      expect(session).toBeTruthy();
      cookie = sessionCookie(session);
    }
    const now = (await sessionMe(request, session))!;
    expect(new Date(now.absoluteExpiresAt).getTime()).toBeLessThanOrEqual(
      new Date(original.absoluteExpiresAt).getTime(),
    );
    const owner = await signInToSessionViaApi(request, baseURL, email);
    await request.post("/api/session/logout", {
      data: { scope: "others" },
      headers: { ...originHeader(baseURL), cookie: sessionCookie(owner.seal) },
    });
    expect(await sessionMe(request, session)).toBeNull();
  });
});
