import { describe, expect, it } from "vitest";
import {
  cookieLagsRow,
  cookieMaxAgeSeconds,
  endOf,
  expiryReason,
  initialExpiries,
  renewedIdleExpiry,
  shouldRenew,
  type Timeouts,
} from "@/lib/session/internal/timeouts";

const DAY = 86_400;
const t: Timeouts = { idleSeconds: 7 * DAY, absoluteSeconds: 30 * DAY, renewAfterSeconds: 60 };
const at = (iso: string) => new Date(iso);
const plus = (d: Date, seconds: number) => new Date(d.getTime() + seconds * 1000);

describe("session timeouts", () => {
  const start = at("2026-11-01T12:00:00.000Z");

  it("starts with a 7-day idle and a 30-day absolute expiry", () => {
    const e = initialExpiries(start, t);
    expect(e.idleExpiresAt).toEqual(at("2026-11-08T12:00:00.000Z"));
    expect(e.absoluteExpiresAt).toEqual(at("2026-12-01T12:00:00.000Z"));
    expect(endOf(e)).toEqual(e.idleExpiresAt);
  });

  it("never lets the idle expiry pass the absolute one, even when configured longer", () => {
    const e = initialExpiries(start, { ...t, idleSeconds: 60 * DAY });
    expect(e.idleExpiresAt).toEqual(e.absoluteExpiresAt);
  });

  it("is valid until the expiry instant and dead from it on", () => {
    const e = initialExpiries(start, t);
    expect(expiryReason(e, plus(e.idleExpiresAt, -0.001))).toBeNull();
    expect(expiryReason(e, e.idleExpiresAt)).toBe("idle");
    expect(expiryReason(e, plus(e.absoluteExpiresAt, 1))).toBe("absolute");
  });

  it("reports the absolute lifetime when both have passed", () => {
    const e = { idleExpiresAt: start, absoluteExpiresAt: start };
    expect(expiryReason(e, plus(start, 1))).toBe("absolute");
  });

  it("renews at most once a minute", () => {
    expect(shouldRenew(start, plus(start, 59.999), t)).toBe(false);
    expect(shouldRenew(start, plus(start, 60), t)).toBe(true);
    expect(shouldRenew(start, plus(start, 3600), t)).toBe(true);
  });

  it("slides the idle expiry but caps it at the absolute lifetime", () => {
    const e = initialExpiries(start, t);
    const day3 = plus(start, 3 * DAY);
    expect(renewedIdleExpiry(day3, e.absoluteExpiresAt, t)).toEqual(plus(day3, 7 * DAY));
    const day28 = plus(start, 28 * DAY);
    expect(renewedIdleExpiry(day28, e.absoluteExpiresAt, t)).toEqual(e.absoluteExpiresAt);
  });

  it("gives the cookie the row's remaining lifetime, rounded down, never negative", () => {
    const e = initialExpiries(start, t);
    expect(cookieMaxAgeSeconds(e, start)).toBe(7 * DAY);
    expect(cookieMaxAgeSeconds(e, plus(start, 0.5))).toBe(7 * DAY - 1);
    expect(cookieMaxAgeSeconds(e, plus(e.idleExpiresAt, 10))).toBe(0);
    const late = { idleExpiresAt: plus(start, 40 * DAY), absoluteExpiresAt: plus(start, 2 * DAY) };
    expect(cookieMaxAgeSeconds(late, start)).toBe(2 * DAY);
  });

  it("notices a cookie that will expire more than a minute before its row", () => {
    const e = initialExpiries(start, t);
    expect(cookieLagsRow(e.idleExpiresAt.getTime(), e, t)).toBe(false);
    expect(cookieLagsRow(e.idleExpiresAt.getTime() - 60_000, e, t)).toBe(false);
    expect(cookieLagsRow(e.idleExpiresAt.getTime() - 61_000, e, t)).toBe(true);
    expect(cookieLagsRow(null, e, t)).toBe(false);
  });
});
