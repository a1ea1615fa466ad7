import { randomUUID } from "node:crypto";
import { expect, type APIRequestContext, type Page } from "@playwright/test";

export const PASSWORD = "a perfectly long passphrase";

export function uniqueEmail(prefix = "user"): string {
  return `${prefix}-${randomUUID().slice(0, 8)}@example.com`;
}

/** The Origin our own pages send; state-changing API calls need it. */
export function originHeader(baseURL: string | undefined) {
  return { origin: new URL(baseURL ?? "http://localhost:3210").origin };
}

/** Creates an account through the JSON API (fast path for specs that are not about sign-up). */
export async function signUpViaApi(
  request: APIRequestContext,
  baseURL: string | undefined,
  email = uniqueEmail(),
  name = "Test User",
) {
  const response = await request.post("/api/signup", {
    data: { email, name, password: PASSWORD },
    headers: originHeader(baseURL),
  });
  expect(response.status()).toBe(201);
  return { email, name, password: PASSWORD };
}

/** Creates an account through the sign-up form, as a person would. */
export async function signUpViaForm(page: Page, email = uniqueEmail(), name = "Form User") {
  await page.goto("/signup");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Display name").fill(name);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  return { email, name, password: PASSWORD };
}
