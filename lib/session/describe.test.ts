import { describe, expect, it } from "vitest";
import { collapseRenewals, deviceName, type EventView } from "@/lib/session/describe";

const event = (type: string, minute: number): EventView => {
  const at = new Date(Date.UTC(2026, 10, 26, 12, minute));
  return { id: `${type}-${minute}`, type, detail: null, createdAt: at, ip: null, device: null, count: 1, firstAt: at };
};

describe("the lifecycle log for display", () => {
  it("shows a run of renewals as one line with a count, newest first", () => {
    const shown = collapseRenewals([
      event("renewal", 9),
      event("renewal", 8),
      event("renewal", 7),
      event("sign-in", 6),
      event("renewal", 5),
      event("sign-out", 4),
    ]);
    expect(shown.map((e) => [e.type, e.count])).toEqual([
      ["renewal", 3],
      ["sign-in", 1],
      ["renewal", 1],
      ["sign-out", 1],
    ]);
    expect(shown[0]!.createdAt.getUTCMinutes()).toBe(9);
    expect(shown[0]!.firstAt.getUTCMinutes()).toBe(7);
  });
});

describe("device names", () => {
  it("names common browsers and falls back to the raw agent", () => {
    expect(
      deviceName(
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36",
      ),
    ).toBe("Chrome 140 on Linux x86_64");
    expect(deviceName("curl/8.5.0")).toBe("curl/8.5.0");
  });
});
