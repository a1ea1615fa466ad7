import { describe, expect, it } from "vitest";
import { rowTimeouts, timeouts } from "@/lib/session/internal/config";

/** A row's own idle window (a lab identity's, issue 16) only ever shortens the configured one. */
describe("rowTimeouts", () => {
  it("is the configuration for an ordinary row", () => {
    expect(rowTimeouts({ idleSeconds: null })).toEqual(timeouts());
  });

  it("shortens the idle window and throttles renewal to a fifth of it (at least a second)", () => {
    expect(rowTimeouts({ idleSeconds: 15 })).toMatchObject({ idleSeconds: 15, renewAfterSeconds: 3 });
    expect(rowTimeouts({ idleSeconds: 2 })).toMatchObject({ idleSeconds: 2, renewAfterSeconds: 1 });
    expect(rowTimeouts({ idleSeconds: 15 }).absoluteSeconds).toBe(timeouts().absoluteSeconds);
  });

  it("never lengthens it", () => {
    const configured = timeouts().idleSeconds;
    expect(rowTimeouts({ idleSeconds: configured * 10 })).toEqual(timeouts());
  });
});
