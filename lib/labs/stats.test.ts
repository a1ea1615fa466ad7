import { describe, expect, it } from "vitest";
import { percentile, summarise } from "@/lib/labs/stats";

describe("percentiles", () => {
  it("uses the nearest rank", () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });

  it("summarises unsorted samples", () => {
    expect(summarise([3, 1, 2, 100])).toEqual({ p50: 2, p99: 100, mean: 26.5 });
  });
});
