import { describe, expect, it } from "vitest";
import { isSameOrigin, requestOrigin } from "@/lib/security/origin";

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

describe("requestOrigin (what the /compare replay commands put between single quotes)", () => {
  it("is our origin for an ordinary Host", () => {
    expect(requestOrigin(headers(ours))).toBe("http://localhost:3000");
    expect(requestOrigin(headers({ host: "svt.example", "x-forwarded-proto": "https" }))).toBe("https://svt.example");
    expect(requestOrigin(headers({ host: "[::1]:3000" }))).toBe("http://[::1]:3000");
  });

  // The URL parser keeps quotes, `$`, backticks, `;` and `&` in a host: a Host header carrying them would break out
  // of the command's quotes, and a reader who copies it runs what the header said.
  it.each([
    ["a single quote", "evil.example';touch /tmp/pwned;'"],
    ["command substitution", "$(id).example"],
    ["backticks", "`id`.example"],
    ["a double quote", 'evil"example'],
    ["an ampersand", "a&b.example"],
    ["a percent-encoded quote", "evil%27.example"],
  ])("is null for a Host with %s", (_name, host) => {
    expect(requestOrigin(headers({ host }))).toBeNull();
  });
});
