import { describe, expect, it } from "vitest";
import { clientIp, ipBucket, normaliseIp, PEER_HEADER, peerMark } from "@/lib/server/client-ip";

describe("clientIp", () => {
  it("with TRUSTED_PROXY=none believes no client header, even before the start-up stamp is installed", () => {
    // Issue 13 finding 7: right after start-up X-Forwarded-For was believed until instrumentation had run.
    const spoofed = new Headers({ "x-forwarded-for": "203.0.113.9", "x-real-ip": "203.0.113.9" });
    expect(clientIp(spoofed, "none")).toBe("unknown");
    // A forged stamp (without this process's random mark) is not believed either.
    expect(clientIp(new Headers({ [PEER_HEADER]: "guess 203.0.113.9" }), "none")).toBe("unknown");
    // The stamp lib/server/start.ts puts on every request is.
    expect(clientIp(new Headers({ [PEER_HEADER]: `${peerMark()} ::ffff:198.51.100.4` }), "none")).toBe("198.51.100.4");
  });

  it("behind Vercel prefers x-real-ip, and 'any' takes the first X-Forwarded-For hop", () => {
    const headers = new Headers({ "x-real-ip": "198.51.100.1", "x-forwarded-for": "198.51.100.2, 10.0.0.1" });
    expect(clientIp(headers, "vercel")).toBe("198.51.100.1");
    expect(clientIp(headers, "any")).toBe("198.51.100.2");
    expect(clientIp(new Headers({ "x-forwarded-for": "not an ip" }), "any")).toBe("unknown");
  });
});

describe("ipBucket", () => {
  it("is the address for IPv4, the /64 for IPv6, and the IPv4 address for IPv4-mapped IPv6 in either spelling", () => {
    expect(ipBucket("192.0.2.7")).toBe("192.0.2.7");
    expect(ipBucket("::ffff:192.0.2.7")).toBe("192.0.2.7");
    expect(ipBucket("::FFFF:c000:0207")).toBe("192.0.2.7");
    expect(normaliseIp("::ffff:c000:207")).toBe("192.0.2.7");
    expect(ipBucket("2001:db8:1:2:3:4:5:6")).toBe("2001:db8:1:2::/64");
    expect(ipBucket("2001:DB8:1:2:ffff::1")).toBe("2001:db8:1:2::/64");
    expect(ipBucket("2001:0db8:0001:0002::")).toBe("2001:db8:1:2::/64");
    expect(ipBucket("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
    expect(ipBucket("::1")).toBe("0:0:0:0::/64");
    expect(ipBucket("::")).toBe("0:0:0:0::/64");
    expect(ipBucket("64:ff9b::192.0.2.1")).toBe("64:ff9b:0:0::/64");
    for (const bad of ["unknown", "", "1.2.3", "2001:db8::1::2", "x".repeat(5000), "1.2.3.4\u0000"])
      expect(ipBucket(bad), bad.slice(0, 20)).toBe("unknown");
  });

  it("is at most 24 characters for any address", () => {
    expect(ipBucket("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff").length).toBeLessThanOrEqual(24);
    expect(ipBucket("255.255.255.255").length).toBeLessThanOrEqual(24);
  });
});
