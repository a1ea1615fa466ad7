import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "@/lib/security/redirect";

describe("safeRedirectPath", () => {
  it.each(["/session", "/token?tab=claims", "/compare#replay", "/settings/"])(
    "keeps the same-origin path %s",
    (path) => {
      expect(safeRedirectPath(path)).toBe(path);
    },
  );

  it.each([
    "//evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "https:evil.example",
    "https://evil.example",
    "https://us@evil.example",
    "http://localhost:3000@evil.example/",
    "javascript:alert(1)",
    "/%2F%2Fevil.example",
    "%2F%2Fevil.example",
    "/%5Cevil.example",
    "\t//evil.example",
    "/\t/evil.example",
    "\n/evil.example",
    " //evil.example",
    "evil.example",
    "/%E0%A4%A",
    "",
    "x".repeat(3000),
  ])("sends %j home", (value) => {
    expect(safeRedirectPath(value)).toBe("/");
  });

  it("handles non-strings", () => {
    expect(safeRedirectPath(undefined)).toBe("/");
    expect(safeRedirectPath(["/a", "/b"], "/session")).toBe("/session");
  });
});
