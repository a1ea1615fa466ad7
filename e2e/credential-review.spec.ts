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
 * A lab that bumps the token version re-issues the viewer's JWT "inside the same request" (reissueAfterEvent).
 * It used to re-issue with whatever version the account had by the end of the lab, so a thief running the
 * "sign out everywhere" lab with a copied JWT while the owner signed out everywhere (or changed the password)
 * was handed a JWT of the owner's new version: the copy outlived the very event meant to end it.
 */

test.describe("labs re-issue only across their own bump", () => {
  test("the owner's sign out everywhere during a thief's lab still ends the thief's copy", async ({
    request,
    baseURL,
  }) => {
    const { email } = await signUpViaApi(request, baseURL);
    const first = await signInToTokenViaApi(request, baseURL, email);
    expect((await setMode(request, baseURL!, first, true)).status()).toBe(200);

    // The owner watches the account's refresh tokens (the lab's device gets one before it starts probing) and
    // signs out everywhere from a session the moment the lab is under way — no password, so no argon2 delay.
    const { accessToken } = await bearerLoginViaApi(request, baseURL, email);
    const families = async () => {
      const response = await request.get("/api/bearer/tokens", { headers: { authorization: `Bearer ${accessToken}` } });
      expect(response.status()).toBe(200);
      return ((await response.json()) as { tokens: unknown[] }).tokens.length;
    };
    for (let round = 0; round < 4; round++) {
      const stolen = await signInToTokenViaApi(request, baseURL, email); // a revocation-mode JWT, copied
      const owner = await signInToSessionViaApi(request, baseURL, email);
      const before = await families();
      const lab = request.post("/api/compare/everywhere", {
        data: {},
        headers: { ...originHeader(baseURL), cookie: tokenCookie(stolen) },
        timeout: 60_000,
      });
      await expect.poll(families, { timeout: 30_000, intervals: [5] }).toBeGreaterThan(before);
      let everywhere = await request.post("/api/session/logout", {
        data: { scope: "others" },
        headers: { ...originHeader(baseURL), cookie: sessionCookie(owner.seal) },
      });
      if (everywhere.status() === 401) {
        // The lab got to its own sign-out first and ended the owner's session: sign in again, still mid-lab.
        const again = await signInToSessionViaApi(request, baseURL, email);
        everywhere = await request.post("/api/session/logout", {
          data: { scope: "others" },
          headers: { ...originHeader(baseURL), cookie: sessionCookie(again.seal) },
        });
      }
      expect(everywhere.status()).toBe(200);

      const response = await lab;
      expect(response.status()).toBe(200);
      const reissued = liveCookie(response, TOKEN_COOKIE);
      if (reissued) {
        expect(await tokenMe(request, reissued), `round ${round}: the re-issued copy is ended`).toBeNull();
        expect(await renewJwt(request, reissued), `round ${round}: nor can it be renewed`).toBeNull();
      }
    }
  });

  test("the lab's own viewer still stays signed in when nothing else happened", async ({ request, baseURL }) => {
    const { email } = await signUpViaApi(request, baseURL);
    const owner = await signInToTokenViaApi(request, baseURL, email);
    expect((await setMode(request, baseURL!, owner, true)).status()).toBe(200);
    let viewer = await signInToTokenViaApi(request, baseURL, email);
    for (const lab of ["everywhere", "replay"]) {
      const response = await request.post(`/api/compare/${lab}`, {
        data: {},
        headers: { ...originHeader(baseURL), cookie: tokenCookie(viewer) },
        timeout: 60_000,
      });
      expect(response.status()).toBe(200);
      const reissued = liveCookie(response, TOKEN_COOKIE);
      expect(reissued, `${lab}: this browser's JWT was re-issued`).toBeTruthy();
      expect(await tokenMe(request, reissued!), `${lab}: and it works`).not.toBeNull();
      viewer = reissued!;
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

  test("a lab refused for its input mints no device (no refresh-token row, no log line)", async ({
    request,
    baseURL,
  }) => {
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
