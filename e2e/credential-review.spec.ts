import { expect, test } from "@playwright/test";
import {
  bearerLoginViaApi,
  originHeader,
  signInToSessionViaApi,
  signInToTokenViaApi,
  signUpViaApi,
  SESSION_COOKIE,
  TOKEN_COOKIE,
} from "./helpers";
import {
  captureSwitchAction,
  liveCookie,
  postAction,
  renewJwt,
  sessionCookie,
  sessionMe,
  setMode,
  tokenCookie,
  tokenMe,
} from "./policy-helpers";

/**
 * Holes found by the attacker-minded review of the credential policy (issue 13, I2), each through real endpoints.
 *
 * A lab used to bump the account's own token version and re-issue the viewer's JWT "inside the same request"
 * (reissueAfterEvent); a thief running a lab with a copied JWT while the owner signed out everywhere could be handed a
 * fresh JWT of the owner's new version. Since issue 16 the labs act on a throw-away lab identity: they never bump the
 * account's version and never set or re-issue the viewer's credential at all. These tests keep the property that
 * mattered — the owner's sign out everywhere still ends the thief's copy — and prove the new one.
 */

test.describe("labs never touch the viewer's own credential", () => {
  test("the owner's sign out everywhere during a thief's lab still ends the thief's copy", async ({
    request,
    baseURL,
  }) => {
    const { email } = await signUpViaApi(request, baseURL);
    const first = await signInToTokenViaApi(request, baseURL, email);
    expect((await setMode(request, baseURL!, first, true)).status()).toBe(200);
    for (let round = 0; round < 4; round++) {
      const stolen = await signInToTokenViaApi(request, baseURL, email); // a revocation-mode JWT, copied
      const owner = await signInToSessionViaApi(request, baseURL, email);
      const lab = request.post(`/api/compare/${round % 2 ? "replay" : "everywhere"}`, {
        data: {},
        headers: { ...originHeader(baseURL), cookie: tokenCookie(stolen) },
        timeout: 60_000,
      });
      // The owner strikes a little later each round: before, during or after the lab's own work.
      await new Promise((resolve) => setTimeout(resolve, round * 40));
      const everywhere = await request.post("/api/session/logout", {
        data: { scope: "others" },
        headers: { ...originHeader(baseURL), cookie: sessionCookie(owner.seal) },
      });
      expect(everywhere.status()).toBe(200);

      const response = await lab;
      // 200: the lab finished first; 401: the owner's event came first; 409: it landed mid-lab, and the lab stopped
      // at its next mint (the stolen copy could no longer act).
      expect([200, 401, 409], `round ${round}`).toContain(response.status());
      expect(liveCookie(response, TOKEN_COOKIE), `round ${round}: a lab re-issues nothing`).toBeUndefined();
      expect(await tokenMe(request, stolen), `round ${round}: the thief's copy is ended`).toBeNull();
      expect(await renewJwt(request, stolen), `round ${round}: nor can it be renewed`).toBeNull();
    }
  });

  test("the lab's own viewer stays signed in with the very same JWT: nothing is re-issued", async ({
    request,
    baseURL,
  }) => {
    const { email } = await signUpViaApi(request, baseURL);
    const owner = await signInToTokenViaApi(request, baseURL, email);
    expect((await setMode(request, baseURL!, owner, true)).status()).toBe(200);
    const viewer = await signInToTokenViaApi(request, baseURL, email);
    const claims = await tokenMe(request, viewer);
    for (const lab of ["everywhere", "replay"]) {
      const response = await request.post(`/api/compare/${lab}`, {
        data: {},
        headers: { ...originHeader(baseURL), cookie: tokenCookie(viewer) },
        timeout: 60_000,
      });
      expect(response.status()).toBe(200);
      expect(liveCookie(response, TOKEN_COOKIE), `${lab}: nothing re-issued`).toBeUndefined();
      expect(await tokenMe(request, viewer), `${lab}: this browser's JWT still works, unchanged`).toEqual(claims);
    }
  });

  test("a refused lab request (a copy from before sign out everywhere) does not use up the owner's lab limit", async ({
    request,
    baseURL,
  }) => {
    const { email } = await signUpViaApi(request, baseURL);
    const stolen = await signInToTokenViaApi(request, baseURL, email);
    const owner = await signInToSessionViaApi(request, baseURL, email);
    const everywhere = await request.post("/api/session/logout", {
      data: { scope: "others" },
      headers: { ...originHeader(baseURL), cookie: sessionCookie(owner.seal) },
    });
    expect(everywhere.status()).toBe(200);
    // One more than the lab limit (30 a minute per account): every one refused as the stale copy it is.
    for (let i = 0; i < 31; i++) {
      const refused = await request.post("/api/compare/cross-site", {
        data: {},
        headers: { ...originHeader(baseURL), cookie: tokenCookie(stolen) },
      });
      expect(refused.status(), `attempt ${i + 1}`).toBe(401);
    }
    const mine = await request.post("/api/compare/cross-site", {
      data: {},
      headers: { ...originHeader(baseURL), cookie: sessionCookie(owner.seal) },
      timeout: 60_000,
    });
    expect(mine.status(), "the owner's own lab still runs").toBe(200);
  });

  test("a lab refused for its input mints no device and makes no lab identity", async ({ request, baseURL }) => {
    const { email } = await signUpViaApi(request, baseURL);
    const { accessToken } = await bearerLoginViaApi(request, baseURL, email);
    const viewer = await signInToTokenViaApi(request, baseURL, email);
    const families = async () => {
      const response = await request.get("/api/bearer/tokens", { headers: { authorization: `Bearer ${accessToken}` } });
      expect(response.status()).toBe(200);
      return ((await response.json()) as { tokens: unknown[]; events: unknown[] }).tokens.length;
    };
    const before = await families();
    const refused = await request.post("/api/compare/stale-claims", {
      data: { name: "" },
      headers: { ...originHeader(baseURL), cookie: tokenCookie(viewer) },
    });
    expect(refused.status()).toBe(400);
    expect(await families(), "no lab device's refresh token was written").toBe(before);
    // Nor a lab identity: the page counts none for this account.
    const compare = await request.get("/compare", { headers: { cookie: tokenCookie(viewer) } });
    expect(await compare.text()).not.toContain('data-testid="lab-identity-count"');
  });
});

/**
 * "Switch now" from a JWT spends the version, then inserts a session row. A sign out everywhere used to delete the
 * rows first and bump the version second: a switch that spent the version before the bump and inserted its row
 * after the delete left the thief a live session. Now every account-wide event bumps first, and the switch
 * withdraws a row whose version moved on.
 */
test("a thief switching back and forth does not outlive the owner's sign out everywhere", async ({
  browser,
  playwright,
  request,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const throwaway = await playwright.request.newContext({ baseURL });
  const action = await captureSwitchAction(browser, throwaway, baseURL!);
  await throwaway.dispose();
  const { email } = await signUpViaApi(request, baseURL);
  const owner = await signInToSessionViaApi(request, baseURL, email);
  for (let trial = 0; trial < 25; trial++) {
    let jwt: string | undefined = await signInToTokenViaApi(request, baseURL, email);
    let seal: string | undefined;
    let stop = false;
    let switches = 0;
    let reached!: () => void;
    const underway = new Promise<void>((resolve) => (reached = resolve));
    const target = 1 + (trial % 4); // the owner strikes after a different number of switches each trial
    const thief = (async () => {
      while (!stop) {
        const response = await postAction(request, action, jwt ? tokenCookie(jwt) : sessionCookie(seal!));
        const next = liveCookie(response, jwt ? SESSION_COOKIE : TOKEN_COOKIE);
        if (!next) break;
        [jwt, seal] = jwt ? [undefined, next] : [next, undefined];
        if (++switches === target) reached();
      }
      reached();
    })();
    await underway;
    const everywhere = await request.post("/api/session/logout", {
      data: { scope: "others" },
      headers: { ...originHeader(baseURL), cookie: sessionCookie(owner.seal) },
    });
    expect(everywhere.status()).toBe(200);
    stop = true;
    await thief;
    if (seal) expect(await sessionMe(request, seal), `trial ${trial}: the thief's session ended`).toBeNull();
    if (jwt) expect(await tokenMe(request, jwt), `trial ${trial}: the thief's JWT ended`).toBeNull();
  }
});
