import { expect, test, type APIRequestContext } from "@playwright/test";
import {
  originHeader,
  SESSION_COOKIE,
  signInToSessionViaApi,
  signInViaSessionForm,
  signInViaTokenForm,
  signUpViaApi,
  TOKEN_COOKIE,
} from "./helpers";
import { liveCookie, sessionCookie, tokenCookie } from "./policy-helpers";
import { capturedLabJwt, jwtClaims } from "../test/captured-lab-jwt";

/**
 * The attacker-minded review of lab identities (issue 16) and the layout refactor, through real endpoints.
 *
 * A lab identity's credentials never leave the server today, so these tests hold one the way a thief who captured
 * it would: a next-auth JWT for a real lab identity (made by a real lab run of the owner), with exactly the claims
 * the credential policy's `mintLabCredentials` gives it, encrypted with the server's AUTH_SECRET. Each test asks
 * what that copy can reach beyond the API endpoints the labs probe (test/captured-lab-jwt.ts).
 */

type Identity = { id: string; name: string; email: string };

/** Runs a lab (one that leaves the identity's token version alone) and returns the lab identity it made. */
async function labIdentity(request: APIRequestContext, baseURL: string, seal: string): Promise<Identity> {
  const ran = await request.post("/api/compare/cross-site", {
    data: {},
    headers: { ...originHeader(baseURL), cookie: sessionCookie(seal) },
    timeout: 60_000,
  });
  expect(ran.status()).toBe(200);
  return ((await ran.json()) as { identity: Identity }).identity;
}

const secrets = () => ({ secret: process.env.E2E_AUTH_SECRET!, cookieName: TOKEN_COOKIE });
const labJwt = (identity: Identity, lifetime: number) => capturedLabJwt(identity, { ...secrets(), lifetime });
const claimsOf = (jwt: string) => jwtClaims(jwt, secrets());

test("a lab identity's JWT keeps its lab_end through POST /api/token/revocation-mode, and stays no viewer", async ({
  request,
  baseURL,
}) => {
  const { email } = await signUpViaApi(request, baseURL);
  const { seal } = await signInToSessionViaApi(request, baseURL, email);
  const identity = await labIdentity(request, baseURL!, seal);
  const { jwt, labEnd } = await labJwt(identity, 20);

  // The route re-issues "this browser's JWT" through the credential policy (reissueJwt).
  const response = await request.post("/api/token/revocation-mode", {
    data: { enabled: true },
    headers: { ...originHeader(baseURL), cookie: tokenCookie(jwt) },
  });
  expect(response.status()).toBeLessThan(500);
  const reissued = liveCookie(response, TOKEN_COOKIE);
  if (reissued) {
    const claims = await claimsOf(reissued);
    expect(claims?.sub).toBe(identity.id);
    expect(claims?.lab_end, "a re-issued lab JWT keeps its hard end").toBe(labEnd);
    // …so it is still no page's viewer: settings sends it to the sign-in page.
    const settings = await request.get("/settings", { headers: { cookie: tokenCookie(reissued) }, maxRedirects: 0 });
    expect(settings.status()).toBe(307);
    expect(settings.headers().location).toContain("/login");
  }
});

test("a lab identity's JWT is no page's viewer: /token and the home page treat it as signed out", async ({
  request,
  baseURL,
}) => {
  const { email } = await signUpViaApi(request, baseURL);
  const { seal } = await signInToSessionViaApi(request, baseURL, email);
  const identity = await labIdentity(request, baseURL!, seal);
  const { jwt } = await labJwt(identity, 60);
  // The API endpoint the labs probe answers it…
  expect((await request.get("/api/token/me", { headers: { cookie: tokenCookie(jwt) } })).status()).toBe(200);
  // …but no page does.
  const page = await request.get("/token", { headers: { cookie: tokenCookie(jwt) }, maxRedirects: 0 });
  expect(page.status(), "/token sends a lab identity's JWT to the sign-in page").toBe(307);
  expect(page.headers().location).toContain("/token/login");
  const home = await request.get("/", { headers: { cookie: tokenCookie(jwt) } });
  const html = await home.text();
  expect(html).not.toContain(identity.name);
  expect(html).toContain('data-testid="status-token" data-signed-in="false"');
});

test("a script on /session or /token cannot fetch the revealed credentials (?reveal=1 needs a user's navigation)", async ({
  page,
  request,
  baseURL,
}) => {
  const { email } = await signUpViaApi(request, baseURL);
  await signInViaTokenForm(page, email);
  await expect(page).toHaveURL(/\/token$/);
  await signInViaSessionForm(page, email);
  await expect(page).toHaveURL(/\/session$/);
  const cookies = await page.context().cookies();
  const seal = cookies.find((c) => c.name === SESSION_COOKIE)!.value;
  const jwe = cookies.find((c) => c.name === TOKEN_COOKIE)!.value;

  // What any script running on our pages (an XSS, a compromised dependency) can do: fetch the revealing URL with
  // the browser's cookies and read the answer. HttpOnly means it must not get the credential that way either.
  const fetched = async (path: string, testId: string) =>
    page.evaluate(
      async ([url, id]) => {
        const html = await (await fetch(url!, { credentials: "include" })).text();
        const doc = new DOMParser().parseFromString(html, "text/html");
        return [...doc.querySelectorAll(`[data-testid="${id}"]`)].map((e) => e.textContent ?? "").join("\n");
      },
      [path, testId],
    );
  expect(await fetched("/session?reveal=1", "cookie-seal"), "the seal").not.toContain(seal);
  await page.goto("/token");
  expect(await fetched("/token?reveal=1", "jwe-full"), "the JWE").not.toContain(jwe);

  // The person's own two clicks still reveal them.
  await page.goto("/session");
  await page.getByTestId("reveal-secrets").locator("summary").click();
  await page.getByRole("link", { name: "Reveal them" }).click();
  await expect(page).toHaveURL(/\/session\?reveal=1$/);
  await expect(page.getByTestId("cookie-seal")).toHaveText(seal);
  // Hide replaces the revealed document: nothing of it stays in the page (its inline data included).
  await page.getByTestId("hide-secrets").click();
  await expect(page).toHaveURL(/\/session$/);
  await expect(page.getByTestId("cookie-seal")).toHaveAttribute("data-revealed", "false");
  expect(await page.content()).not.toContain(seal);
});
