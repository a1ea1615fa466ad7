import { expect, test, type Page } from "@playwright/test";
import { originHeader, PASSWORD, signInViaSessionForm, signUpViaApi, uniqueEmail } from "./helpers";

/**
 * The password strength meter (components/password-field.tsx) and the server's refusal (lib/accounts/password-strength.ts,
 * ADR 0095): zxcvbn's dictionaries load only where the meter is, the meter speaks in words, and the server refuses
 * a guessable password per field with zxcvbn's reason, writing nothing.
 */

// A run of zxcvbn-ts's compressed common-password list as it appears in the JavaScript that carries it.
const DICTIONARY_MARKER = "ApasswordA12345678Aqwerty";

/** Records the JavaScript a page loads; `loadedDictionaries()` says whether any of it carried the dictionaries. */
function watchScripts(page: Page) {
  const bodies: Promise<string>[] = [];
  page.on("response", (response) => {
    if (response.request().resourceType() === "script") bodies.push(response.text().catch(() => ""));
  });
  return {
    async loadedDictionaries() {
      return (await Promise.all(bodies)).some((body) => body.includes(DICTIONARY_MARKER));
    },
  };
}

const meter = (page: Page, field: string) => page.getByTestId(`${field}-strength`);

test.describe("password strength meter", () => {
  test("on sign-up: the dictionaries load only once the field is used; the rating is in words", async ({ page }) => {
    const scripts = watchScripts(page);
    await page.goto("/signup");
    await page.waitForLoadState("networkidle");
    expect(await scripts.loadedDictionaries(), "the page itself does not carry the dictionaries").toBe(false);

    const password = page.getByLabel("Password", { exact: true });
    const feedback = meter(page, "password").locator("[aria-live]");
    await expect(feedback).toHaveAttribute("aria-live", "polite");
    await expect(password).toHaveAttribute("aria-describedby", /field-password-strength/);
    await expect(page.getByRole("meter", { name: "Strength" })).toBeVisible();
    await expect(feedback).toContainText("Type a password");

    await password.fill("short");
    await expect(feedback).toHaveText(/Too short: 3 more characters needed/);

    await password.fill("Password123");
    await expect(feedback).toContainText("Weak (1 of 4) — too easy to guess, will be refused.");
    await expect(feedback).toContainText("This is a commonly used password.");
    await expect(feedback).toContainText("Add more words that are less common.");
    await expect(page.getByRole("meter", { name: "Strength" })).toHaveAttribute("aria-valuenow", "1");
    await expect.poll(() => scripts.loadedDictionaries(), { message: "loaded on use" }).toBe(true);

    await password.fill("a perfectly long passphrase");
    await expect(feedback).toHaveText("Strength: Strong (4 of 4) — accepted.");
    await expect(page.getByRole("meter", { name: "Strength" })).toHaveAttribute("aria-valuenow", "4");
  });

  test("on sign-up the account's own email counts against the password", async ({ page }) => {
    const email = uniqueEmail("meter-email");
    await page.goto("/signup");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password", { exact: true }).fill(email);
    await expect(meter(page, "password").locator("[aria-live]")).toContainText(
      "There should not be any personal or page related data.",
    );
  });

  test("pages without the meter never load the dictionaries", async ({ page }) => {
    const scripts = watchScripts(page);
    for (const path of ["/", "/login", "/session/login", "/token/login", "/token/bearer"]) {
      await page.goto(path);
      await page.waitForLoadState("networkidle");
    }
    expect(await scripts.loadedDictionaries()).toBe(false);
  });
});

test.describe("server refusal of guessable passwords", () => {
  test("sign-up form: refused next to the field in zxcvbn's words, other input kept, no account", async ({
    page,
    request,
    baseURL,
  }) => {
    const email = uniqueEmail("weak");
    await page.goto("/signup");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Display name").fill("Weak Choice");
    await page.getByLabel("Password", { exact: true }).fill("qwertyuiop");
    await page.getByRole("button", { name: "Create account" }).click();
    const password = page.getByLabel("Password", { exact: true });
    await expect(password).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByRole("alert").filter({ hasText: "This is a frequently used password." })).toBeVisible();
    await expect(page.getByLabel("Email")).toHaveValue(email);
    await expect(password).toHaveValue("");
    await expect(meter(page, "password").locator("[aria-live]")).toContainText("Type a password");
    // Nothing was written: the address is still free.
    const retry = await request.post("/api/signup", {
      data: { email, name: "Weak Choice", password: PASSWORD },
      headers: originHeader(baseURL),
    });
    expect(retry.status()).toBe(201);
  });

  test("sign-up API: 400 with one message per field, the password's in zxcvbn's words", async ({
    request,
    baseURL,
  }) => {
    const headers = originHeader(baseURL);
    const email = uniqueEmail("api-weak");
    const own = await request.post("/api/signup", { data: { email, name: "Own Email", password: email }, headers });
    expect(own.status()).toBe(400);
    const ownBody = await own.json();
    expect(Object.keys(ownBody.fields)).toEqual(["password"]);
    expect(ownBody.fields.password).toMatch(/^There should not be any personal or page related data\./);

    const both = await request.post("/api/signup", {
      data: { email: "not an email", name: "Both", password: "iloveyou1" },
      headers,
    });
    expect(both.status()).toBe(400);
    const bothBody = await both.json();
    expect(bothBody.fields.email).toMatch(/valid email/);
    expect(bothBody.fields.password).toMatch(/^This is a commonly used password\./);

    const fine = await request.post("/api/signup", { data: { email, name: "Own Email", password: PASSWORD }, headers });
    expect(fine.status(), "the refused attempts created nothing").toBe(201);
  });

  test("password change: meter on the new password; a guessable one is refused per field and nothing changes", async ({
    page,
    request,
    baseURL,
  }) => {
    const account = await signUpViaApi(request, baseURL, uniqueEmail("change-weak"), "Marigold Finch");
    const scripts = watchScripts(page);
    await signInViaSessionForm(page, account.email);
    await expect(page).toHaveURL(/\/session$/);
    await page.goto("/settings");
    await page.waitForLoadState("networkidle");
    expect(await scripts.loadedDictionaries(), "settings loads them only when the new password is used").toBe(false);

    const next = page.getByLabel("New password");
    const feedback = meter(page, "newPassword").locator("[aria-live]");
    await expect(next).toHaveAttribute("aria-describedby", /field-newPassword-strength/);
    // The account's name (given by the page) counts against the password.
    await next.fill("Marigold Finch");
    await expect(feedback).toContainText("will be refused");
    await expect(feedback).toContainText("There should not be any personal or page related data.");
    await expect.poll(() => scripts.loadedDictionaries()).toBe(true);

    await page.getByLabel("Current password").fill(PASSWORD);
    await next.fill("letmein2024");
    await expect(feedback).toContainText("will be refused");
    await page.getByRole("button", { name: "Change password" }).click();
    await expect(next).toHaveAttribute("aria-invalid", "true");
    await expect(
      page.locator("#field-newPassword-error").filter({ hasText: "This is similar to a commonly used password." }),
    ).toBeVisible();
    await expect(page.getByLabel("Current password")).toHaveValue("");

    // The password is unchanged: the old one still signs in.
    const login = await request.post("/api/session/login", {
      data: { email: account.email, password: PASSWORD },
      headers: { ...originHeader(baseURL), cookie: "" },
    });
    expect(login.status()).toBe(200);
  });
});
