import { randomBytes } from "node:crypto";
import { isIP } from "node:net";
import { env } from "@/lib/server/env";

/**
 * The client's IP address, for rate limiting and the device list, and the bucket the rate limiter counts it in.
 *
 * Which header is believed depends on TRUSTED_PROXY, read here, synchronously, on every call — so there is no
 * moment after start-up in which a client can choose its own address:
 * - `none` (default off Vercel): no header a client can send is believed. lib/server/start.ts stamps every
 *   request with the TCP peer address under a header carrying this process's random mark (PEER_HEADER); a request
 *   without a valid mark (one that arrived before the stamp was installed, or one that forged the header) is
 *   "unknown" — one shared, strict bucket — never the address it claims.
 * - `vercel`: Vercel's edge overwrites x-real-ip / x-forwarded-for with the real client address.
 * - `any`: the first hop of X-Forwarded-For, for a proxy you run that overwrites it.
 */

export type TrustedProxy = "none" | "vercel" | "any";

/** The header lib/server/start.ts sets to `<mark> <peer address>` on every request when TRUSTED_PROXY=none. */
export const PEER_HEADER = "x-svt-peer";

const state = globalThis as unknown as { __svtPeerMark?: string };

/** A random value of this process; only the start-up stamp knows it, so a client cannot forge PEER_HEADER. */
export function peerMark(): string {
  state.__svtPeerMark ??= randomBytes(18).toString("base64url");
  return state.__svtPeerMark;
}

export function clientIp(headers: Headers, mode: TrustedProxy = env().TRUSTED_PROXY): string {
  const candidates =
    mode === "none"
      ? [stampedPeer(headers.get(PEER_HEADER))]
      : mode === "vercel"
        ? [headers.get("x-real-ip"), firstHop(headers.get("x-forwarded-for"))]
        : [firstHop(headers.get("x-forwarded-for"))];
  for (const candidate of candidates) {
    const ip = normaliseIp(candidate);
    if (ip) return ip;
  }
  return "unknown";
}

function stampedPeer(value: string | null): string | null {
  const mark = state.__svtPeerMark;
  if (!mark || !value?.startsWith(`${mark} `)) return null;
  return value.slice(mark.length + 1);
}

function firstHop(value: string | null): string | null {
  return value?.split(",")[0]?.trim() ?? null;
}

/**
 * A valid IP address in one spelling: IPv4 as is; IPv6 lower-cased without a zone; IPv4-mapped IPv6 (`::ffff:a.b.c.d`
 * or `::ffff:xxxx:xxxx`) as the IPv4 address. Anything else is null.
 */
export function normaliseIp(value: string | null | undefined): string | null {
  if (!value || value.length > 64) return null;
  const ip = value.trim();
  const kind = isIP(ip);
  if (kind === 4) return ip;
  if (kind !== 6) return null;
  const groups = ipv6Groups(ip);
  if (!groups) return null;
  // ::ffff:0:0/96 — an IPv4 address seen through a dual-stack socket.
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff)
    return [groups[6]! >> 8, groups[6]! & 0xff, groups[7]! >> 8, groups[7]! & 0xff].join(".");
  return ip.split("%")[0]!.toLowerCase();
}

/**
 * The rate-limit bucket of an address: an IPv4 address is its own bucket; an IPv6 address counts as its /64 (one
 * subscriber gets a whole /64 and can rotate through it freely). Bounded in size: at most 24 characters.
 */
export function ipBucket(ip: string): string {
  const normal = normaliseIp(ip);
  if (!normal) return "unknown";
  if (isIP(normal) === 4) return normal;
  const groups = ipv6Groups(normal)!;
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(":")}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address (zone removed, embedded IPv4 tail expanded). */
function ipv6Groups(ip: string): number[] | null {
  let text = ip.split("%")[0]!.toLowerCase();
  const tail = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (tail) {
    const [a, b, c, d] = tail.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, tail.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, rest] = text.split("::") as [string, string | undefined];
  const left = head ? head.split(":") : [];
  const right = rest ? rest.split(":") : [];
  const missing = 8 - left.length - right.length;
  if (rest === undefined ? missing !== 0 : missing < 1) return null;
  const groups = [...left, ...Array<string>(rest === undefined ? 0 : missing).fill("0"), ...right].map((g) =>
    Number.parseInt(g, 16),
  );
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : null;
}
