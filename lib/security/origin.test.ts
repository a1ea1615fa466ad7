import { describe, expect, it } from "vitest";
import { isSameOrigin } from "@/lib/security/origin";

const headers = (values: Record<string, string>) => new Headers(values);
const ours = { host: "localhost:3000", "x-forwarded-proto": "http" };

describe("isSameOrigin", () => {
  it("accepts exactly our origin", () => {
    expect(isSameOrigin(headers({ ...ours, origin: "http://localhost:3000" }))).toBe(true);
  });

  it.each([
    ["no Origin", undefined],
    ["Origin: null", "null"],
    ["other site", "http://evil.example"],
    ["lookalike suffix", "http://localhost.evil.example:3000"],
    ["lookalike subdomain", "http://evil.localhost:3000"],
    ["other scheme", "https://localhost:3000"],
    ["other port", "http://localhost:3001"],
    ["no port", "http://localhost"],
    ["trailing slash", "http://localhost:3000/"],
    ["userinfo", "http://user@localhost:3000"],
    ["case", "http://LOCALHOST:3000"],
  ])("refuses %s", (_name, origin) => {
    expect(isSameOrigin(headers(origin === undefined ? ours : { ...ours, origin }))).toBe(false);
  });

  it("refuses when there is no Host to compare with", () => {
    expect(isSameOrigin(headers({ origin: "http://localhost:3000" }))).toBe(false);
  });
});
