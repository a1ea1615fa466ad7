import { expect, test, type APIRequestContext, type Browser } from "@playwright/test";
import {
  CREDENTIALS,
  EVENTS,
  WINDOWS,
  cellTestTitle,
  type CredentialId,
  type EventId,
} from "../lib/strategy/credential-windows";
import {
  bearerLoginViaApi,
  originHeader,
  PASSWORD,
  SESSION_COOKIE,
  signInToSessionViaApi,
  signInToTokenViaApi,
  signUpViaApi,
  TOKEN_COOKIE,
} from "./helpers";
import {
  authJsSignOut,
  captureSwitchAction,
  liveCookie,
  ownerInBrowser,
  postAction,
  renewJwt,
  sessionCookie,
  sessionMe,
  setMode,
  tokenMe,
  tokenCookie,
  type CapturedAction,
} from "./policy-helpers";

/**
 * The stolen-copy window table (lib/strategy/credential-windows.ts, shown on /settings and in SECURITY.md), one test
 * per cell: a thief copies the credential, the owner does the event, and the copy is tried at once. Each cell's
 * `outcome` says what must hold right after the event (see `Outcome` there).
 */

let switchAction: CapturedAction;

test.beforeAll(async ({ browser, playwright, baseURL }) => {
  const request = await playwright.request.newContext({ baseURL });
  switchAction = await captureSwitchAction(browser, request, baseURL!);
  await request.dispose();
});

type Stolen =
  | { kind: "session"; seal: string }
  | { kind: "jwt"; jwt: string }
  | { kind: "bearer-access" | "bearer-refresh"; accessToken: string; refreshToken: string };

type Account = { email: string; ownerJwt: string };

async function steal(
  request: APIRequestContext,
  baseURL: string,
  credential: CredentialId,
  account: Account,
): Promise<Stolen> {
  const { email } = account;
  switch (credential) {
    case "session":
      return { kind: "session", seal: (await signInToSessionViaApi(request, baseURL, email)).seal };
    case "jwt":
      return { kind: "jwt", jwt: await signInToTokenViaApi(request, baseURL, email) };
    case "jwt-revocation": {
      expect((await setMode(request, baseURL, account.ownerJwt, true)).status()).toBe(200);
      const jwt = await signInToTokenViaApi(request, baseURL, email);
      expect((await tokenMe(request, jwt))!.revocation).toBe(true);
      return { kind: "jwt", jwt };
    }
    case "jwt-switched": {
      const { seal } = await signInToSessionViaApi(request, baseURL, email);
      const jwt = liveCookie(await postAction(request, switchAction, sessionCookie(seal)), TOKEN_COOKIE);
      expect(jwt, "the switch minted a JWT").toBeTruthy();
      return { kind: "jwt", jwt: jwt! };
    }
    case "bearer-access":
    case "bearer-refresh":
      return { kind: credential, ...(await bearerLoginViaApi(request, baseURL, email)) };
  }
}

/** The owner does the event. "sign-out" is the stolen credential's own sign-out, done by its rightful holder. */
async function perform(
  browser: Browser,
  request: APIRequestContext,
  baseURL: string,
  event: EventId,
  stolen: Stolen,
  account: Account,
) {
  const headers = originHeader(baseURL);
  switch (event) {
    case "sign-out":
      if (stolen.kind === "session") {
        const r = await request.post("/api/session/logout", {
          data: { scope: "this" },
          headers: { ...headers, cookie: sessionCookie(stolen.seal) },
        });
        expect(r.status()).toBe(200);
      } else if (stolen.kind === "jwt") {
        await authJsSignOut(request, baseURL, stolen.jwt);
      } else {
        const r = await request.post("/api/bearer/logout", {
          data: { refreshToken: stolen.refreshToken },
          headers: { ...headers, cookie: "" },
        });
        expect(r.status()).toBe(200);
      }
      return;
    case "everywhere": {
      const { seal } = await signInToSessionViaApi(request, baseURL, account.email);
      const r = await request.post("/api/session/logout", {
        data: { scope: "others" },
        headers: { ...headers, cookie: sessionCookie(seal) },
      });
      expect(r.status()).toBe(200);
      return;
    }
    case "password":
    case "deletion":
      await ownerInBrowser(browser, request, baseURL, account.email, event);
      return;
    case "mode-on":
      expect((await setMode(request, baseURL, account.ownerJwt, true)).status()).toBe(200);
      return;
    case "mode-off":
      expect((await setMode(request, baseURL, account.ownerJwt, false, PASSWORD)).status()).toBe(200);
      return;
  }
}

/**
 * Is the stolen copy accepted right now (one request, no renewal)? A refresh token is used, so the thief keeps its
 * successor as the copy from then on.
 */
async function accepted(request: APIRequestContext, baseURL: string, stolen: Stolen): Promise<boolean> {
  switch (stolen.kind) {
    case "session":
      return (await sessionMe(request, stolen.seal)) !== null;
    case "jwt":
      return (await tokenMe(request, stolen.jwt)) !== null;
    case "bearer-access": {
      const r = await request.get("/api/bearer/me", { headers: { authorization: `Bearer ${stolen.accessToken}` } });
      return r.status() === 200;
    }
    case "bearer-refresh": {
      const r = await request.post("/api/bearer/refresh", {
        data: { refreshToken: stolen.refreshToken },
        headers: { ...originHeader(baseURL), cookie: "" },
      });
      if (r.status() !== 200) return false;
      stolen.refreshToken = ((await r.json()) as { refreshToken: string }).refreshToken;
      return true;
    }
  }
}

for (const credential of CREDENTIALS) {
  for (const event of EVENTS) {
    const cell = WINDOWS[credential.id][event.id];
    test(cellTestTitle(credential.id, event.id), async ({ browser, request, baseURL }) => {
      const { email } = await signUpViaApi(request, baseURL);
      const ownerJwt = await signInToTokenViaApi(request, baseURL, email);
      const account = { email, ownerJwt };
      const stolen = await steal(request, baseURL!, credential.id, account);
      // "Revocation mode off" is only an event when it was on (turned on after the copy was made).
      if (event.id === "mode-off") expect((await setMode(request, baseURL!, ownerJwt, true)).status()).toBe(200);
      expect(await accepted(request, baseURL!, stolen), "the copy works before the event").toBe(true);
      await perform(browser, request, baseURL!, event.id, stolen, account);

      if (cell.outcome === "dead") {
        expect(await accepted(request, baseURL!, stolen), cell.window).toBe(false);
        if (stolen.kind === "jwt") expect(await renewJwt(request, stolen.jwt), "nor renewed").toBeNull();
        return;
      }
      expect(await accepted(request, baseURL!, stolen), cell.window).toBe(true);
      if (stolen.kind !== "jwt") {
        // Bearer access: there is nothing to renew it with but its refresh token, which the events above revoke.
        return;
      }
      const renewed = await renewJwt(request, stolen.jwt);
      if (cell.outcome === "until-expiry") {
        expect(renewed, "never renewed").toBeNull();
        const exchanged = await postAction(request, switchAction, tokenCookie(stolen.jwt));
        expect(liveCookie(exchanged, SESSION_COOKIE), "never exchanged").toBeUndefined();
        return;
      }
      expect(renewed, "renewable").not.toBeNull();
      const claims = (await tokenMe(request, renewed!))!;
      if (cell.outcome === "checked-from-renewal" || cell.outcome === "stays-checked")
        expect(claims.revocation, "version-checked after its renewal").toBe(true);
      if (cell.outcome === "unchecked-from-renewal") expect(claims.revocation, "unchecked after renewal").toBe(false);
    });
  }
}

test("/settings shows the same table", async ({ page, request, baseURL }) => {
  const { email } = await signUpViaApi(request, baseURL);
  const { seal } = await signInToSessionViaApi(request, baseURL, email);
  await page.context().addCookies([{ name: SESSION_COOKIE, value: seal, url: baseURL! }]);
  await page.goto("/settings");
  const table = page.getByTestId("credential-windows");
  for (const credential of CREDENTIALS) {
    const row = table.getByRole("row", { name: new RegExp(`^${escape(credential.label)}`) });
    const cells = await row.getByRole("cell").allTextContents();
    expect(cells, credential.label).toEqual(EVENTS.map((event) => WINDOWS[credential.id][event.id].window));
  }
});

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
