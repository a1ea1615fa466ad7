import { describe, expect, it } from "vitest";
import { authRedirect } from "@/lib/token/jwt/internal/redirect";

const BASE = "http://localhost:3000";

describe("authRedirect (Auth.js redirect callback)", () => {
  it.each([
    ["/token", `${BASE}/token`],
    ["/compare?lab=replay#top", `${BASE}/compare?lab=replay#top`],
    [`${BASE}/settings`, `${BASE}/settings`],
    [`${BASE}/token/login?signed-out=1`, `${BASE}/token/login?signed-out=1`],
  ])("keeps %s on our origin", (url, expected) => {
    expect(authRedirect(url, BASE)).toBe(expected);
  });

  it.each([
    "https://evil.example/token",
    "//evil.example",
    "/\\evil.example",
    "/%2F%2Fevil.example",
    "http://localhost:3000@evil.example/",
    "http://localhost:3001/token",
    "https://localhost:3000/token",
    "javascript:alert(1)",
    "evil.example",
    "",
    "http://[::1",
  ])("sends %j to the token page instead", (url) => {
    expect(authRedirect(url, BASE)).toBe(`${BASE}/token`);
  });
});
