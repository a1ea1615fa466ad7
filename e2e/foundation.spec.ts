import { expect, test } from "@playwright/test";
import { originHeader, PASSWORD, signUpViaForm, uniqueEmail } from "./helpers";

test.describe("health", () => {
  test("reports the database kind and current migrations", async ({ request }) => {
    const response = await request.get("/api/health");
    expect(response.status()).toBe(200);
    const body = await response.json();
    expect(body.status).toBe("ok");
    expect(body.database).toBe(process.env.DATABASE_URL ? "postgres" : "pglite");
    expect(body.migrations).toMatchObject({ current: true, pending: [], modified: [] });
  });
});

test.describe("sign-up in the browser", () => {
  test("a new user signs up and is signed in with this browser's strategy (Session by default)", async ({ page }) => {
    const { name } = await signUpViaForm(page);
    await expect(page).toHaveURL(/\/session\?signed-up=1$/);
    await expect(page.getByTestId("header-strategy")).toHaveText("Session");
    await expect(page.getByTestId("header-user")).toHaveText(name);
  });

  test("a refused password is explained next to the field, announced, and not echoed", async ({ page }) => {
    const email = uniqueEmail("short");
    await page.goto("/signup");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Display name").fill("Shorty");
    await page.getByLabel("Password").fill("short");
    await page.getByRole("button", { name: "Create account" }).click();
    const password = page.getByLabel("Password");
    await expect(password).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByRole("alert").filter({ hasText: "at least 8 characters" })).toBeVisible();
    // What the user typed elsewhere is kept; the password is not sent back.
    await expect(page.getByLabel("Email")).toHaveValue(email);
    await expect(password).toHaveValue("");
    expect(await page.content()).not.toContain('value="short"');
  });

  test("a second sign-up with the same email in another spelling is refused clearly", async ({ page }) => {
    const email = uniqueEmail("dup");
    await signUpViaForm(page, email);
    await expect(page).toHaveURL(/signed-up=1/);
    await signUpViaForm(page, `  ${email.toUpperCase()} `);
    await expect(page.getByText("This email is already registered. Sign in instead.")).toBeVisible();
  });
});

test.describe("sign-up API", () => {
  test("20 concurrent sign-ups with one email in different spellings → one account, 19 clear refusals", async ({
    request,
    baseURL,
  }) => {
    const email = uniqueEmail("race");
    const spellings = [email, email.toUpperCase(), ` ${email} `, `\t${email.replace("example", "EXAMPLE")}`];
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        request.post("/api/signup", {
          data: { email: spellings[i % spellings.length], name: `Racer ${i}`, password: PASSWORD },
          headers: originHeader(baseURL),
        }),
      ),
    );
    const statuses = responses.map((r) => r.status());
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    for (const r of responses.filter((r) => r.status() === 409)) {
      expect((await r.json()).fields.email).toMatch(/already registered/);
    }
  });

  const badInputs: Array<
    [string, { data?: unknown; body?: string; contentType?: string }, number, Record<string, RegExp>?]
  > = [
    ["an empty body", { body: "", contentType: "application/json" }, 400],
    ["malformed JSON", { body: '{"email": "a@b.c",', contentType: "application/json" }, 400],
    ["a JSON array", { body: "[1,2]", contentType: "application/json" }, 400],
    ["missing fields", { data: {} }, 400, { email: /required/, name: /required/, password: /required/ }],
    [
      "wrong JSON types",
      { data: { email: 5, name: ["x"], password: { p: 1 } } },
      400,
      { email: /text/, name: /text/, password: /text/ },
    ],
    [
      "a 10 KB password",
      { data: { email: "big@example.com", name: "Big", password: "p".repeat(10_000) } },
      400,
      { password: /at most 256/ },
    ],
    [
      "a body over the 16 KB limit",
      { data: { email: "big@example.com", name: "Big", password: "p".repeat(20_000) } },
      413,
    ],
    [
      "an invalid email",
      { data: { email: "not an email", name: "N", password: PASSWORD } },
      400,
      { email: /valid email/ },
    ],
    ["a text/plain body", { body: "{}", contentType: "text/plain" }, 415],
    [
      "prototype-pollution keys",
      {
        body: '{"__proto__":{"email":"x@example.com"},"constructor":{"prototype":{}}}',
        contentType: "application/json",
      },
      400,
      { email: /required/ },
    ],
  ];
  for (const [label, input, status, fields] of badInputs) {
    test(`${label} → ${status} with a clear message, never 5xx`, async ({ request, baseURL }) => {
      const response = await request.post("/api/signup", {
        headers: { ...originHeader(baseURL), ...(input.contentType ? { "content-type": input.contentType } : {}) },
        ...(input.body !== undefined ? { data: input.body } : { data: input.data }),
      });
      expect(response.status()).toBe(status);
      const text = await response.text();
      const body = JSON.parse(text);
      expect(typeof body.error).toBe("string");
      expect(text).not.toMatch(/at \w+ \(|prisma|node_modules|stack/i);
      expect(text).not.toContain("pppppppp");
      for (const [field, pattern] of Object.entries(fields ?? {})) expect(body.fields[field]).toMatch(pattern);
    });
  }

  test("a request from another origin is refused", async ({ request }) => {
    const response = await request.post("/api/signup", {
      data: { email: uniqueEmail(), name: "X", password: PASSWORD },
      headers: { origin: "http://evil.example" },
    });
    expect(response.status()).toBe(403);
  });
});

test.describe("methods", () => {
  test("a state-changing route refuses GET with 405 and an Allow header", async ({ request }) => {
    const response = await request.get("/api/signup?email=x@example.com&name=x&password=aaaaaaaaaaaa");
    expect(response.status()).toBe(405);
    expect(response.headers()["allow"]).toBe("POST, OPTIONS");
    expect((await response.json()).error).toMatch(/Method not allowed/);
  });

  test("unknown methods on a read-only route → 405 with Allow", async ({ request }) => {
    for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
      const response = await request.fetch("/api/health", { method });
      expect(response.status()).toBe(405);
      expect(response.headers()["allow"]).toBe("GET, HEAD, OPTIONS");
    }
    const options = await request.fetch("/api/health", { method: "OPTIONS" });
    expect(options.status()).toBe(204);
    expect(options.headers()["allow"]).toBe("GET, HEAD, OPTIONS");
  });
});
