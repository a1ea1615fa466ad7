import { expect, test, type Page } from "@playwright/test";
import { PASSWORD, SESSION_COOKIE, setCookies, signInToSessionViaApi, signUpViaApi } from "./helpers";

/**
 * SECURITY.md §2 and §4 applied to the settings area (built separately): its password change is rate limited per
 * account, the limit's answer is short-lived, and its server actions refuse a foreign Origin.
 */

async function changePassword(page: Page, current: string, next: string) {
  await page.getByLabel("Current password").fill(current);
  await page.getByLabel("New password").fill(next);
  await page.getByRole("button", { name: "Change password" }).click();
}

/** Submits and waits until the answer is on the page (React resets the form once the action has answered). */
async function attempt(page: Page, current: string, next: string, answer: string | RegExp) {
  await changePassword(page, current, next);
  await expect(page.getByRole("button", { name: "Change password" })).toBeEnabled();
  await expect(page.getByLabel("Current password")).toHaveValue("");
  await expect(page.getByText(answer)).toBeVisible();
}

test.describe("settings", () => {
  test("password change: 10 wrong current passwords, then even the right one is refused for a while", async ({
    page,
    request,
    baseURL,
  }) => {
    const { email } = await signUpViaApi(request, baseURL);
    const { seal } = await signInToSessionViaApi(request, baseURL, email);
    await page.context().addCookies([{ name: SESSION_COOKIE, value: seal, url: baseURL! }]);
    await page.goto("/settings");
    await page.waitForLoadState("networkidle"); // hydrated: a fill before hydration would be reset
    for (let i = 0; i < 10; i++) {
      await attempt(page, `wrong password ${i}`, "another long passphrase", "That is not your current password.");
    }
    const tooMany = /Too many attempts\. Try again in (\d+) minutes?\./;
    await attempt(page, PASSWORD, "another long passphrase", tooMany);
    const limited = page.getByText(tooMany);
    const minutes = Number((await limited.textContent())!.match(/in (\d+) minute/)![1]);
    expect(minutes).toBeGreaterThan(0);
    expect(minutes, "the lock is no longer than the 15-minute window").toBeLessThanOrEqual(15);
    // The password really was not changed: the old one still signs in.
    const login = await request.post("/api/session/login", {
      data: { email, password: PASSWORD },
      headers: { origin: new URL(baseURL!).origin, cookie: "" },
    });
    expect(login.status()).toBe(200);
  });

  test("the password-change action refuses a foreign Origin with 403", async ({ page, request, baseURL }) => {
    const { email } = await signUpViaApi(request, baseURL);
    const { seal } = await signInToSessionViaApi(request, baseURL, email);
    await page.context().addCookies([{ name: SESSION_COOKIE, value: seal, url: baseURL! }]);
    await page.goto("/settings");
    let captured: { url: string; headers: Record<string, string>; body: Buffer } | undefined;
    await page.route("**/*", async (route) => {
      const req = route.request();
      const headers = await req.allHeaders();
      if (req.method() === "POST" && headers["next-action"] && !captured) {
        captured = { url: req.url(), headers, body: req.postDataBuffer() ?? Buffer.alloc(0) };
        await route.abort();
        return;
      }
      await route.continue();
    });
    await changePassword(page, PASSWORD, "another long passphrase");
    await expect.poll(() => Boolean(captured)).toBe(true);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(captured!.headers))
      if (!["origin", "cookie", "content-length", "host", "referer"].includes(name)) headers[name] = value;
    for (const origin of ["http://evil.example", `http://localhost:${Number(new URL(baseURL!).port) + 1}`, "null"]) {
      const response = await request.fetch(captured!.url, {
        method: "POST",
        headers: { ...headers, origin, cookie: `${SESSION_COOKIE}=${seal}` },
        data: captured!.body,
        maxRedirects: 0,
      });
      expect(response.status(), origin).toBe(403);
      expect(setCookies(response)).toEqual([]);
    }
    const login = await request.post("/api/session/login", {
      data: { email, password: PASSWORD },
      headers: { origin: new URL(baseURL!).origin, cookie: "" },
    });
    expect(login.status(), "the password is unchanged").toBe(200);
  });
});
