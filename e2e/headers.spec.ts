import { expect, test } from "@playwright/test";

test.describe("security headers", () => {
  test("pages carry a nonce-based CSP that Next's own scripts satisfy (the app still hydrates)", async ({ page }) => {
    const violations: string[] = [];
    page.on("console", (message) => {
      if (/Content Security Policy|Refused to (execute|load)/i.test(message.text())) violations.push(message.text());
    });
    const response = await page.goto("/signup");
    const csp = response!.headers()["content-security-policy"];
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{20,}' 'strict-dynamic'/);
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    // Next.js's client runtime only exists once its (nonce'd) scripts ran.
    await expect.poll(() => page.evaluate(() => typeof (window as unknown as { next?: unknown }).next)).toBe("object");
    expect(violations).toEqual([]);
  });

  test("each page load gets a fresh nonce", async ({ request }) => {
    const nonce = async () =>
      (await request.get("/")).headers()["content-security-policy"]!.match(/'nonce-([^']+)'/)![1];
    expect(await nonce()).not.toBe(await nonce());
  });

  for (const path of ["/", "/api/health"]) {
    test(`static security headers on ${path}, and no X-Powered-By`, async ({ request }) => {
      const headers = (await request.get(path)).headers();
      expect(headers["x-content-type-options"]).toBe("nosniff");
      expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
      expect(headers["x-frame-options"]).toBe("DENY");
      expect(headers["x-powered-by"]).toBeUndefined();
      // No HSTS over plain http (and a client cannot claim https without a trusted proxy).
      expect(headers["strict-transport-security"]).toBeUndefined();
    });
  }

  test("a client claiming https through X-Forwarded-Proto is not believed without a trusted proxy", async ({
    request,
  }) => {
    const headers = (await request.get("/api/health", { headers: { "x-forwarded-proto": "https" } })).headers();
    expect(headers["strict-transport-security"]).toBeUndefined();
  });
});
