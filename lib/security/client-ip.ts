import { isIP } from "node:net";
import { env } from "@/lib/env";

/**
 * The client's IP address, for rate limiting and the device list.
 *
 * `X-Forwarded-For` is only believed behind a configured proxy (TRUSTED_PROXY). Without one,
 * instrumentation.ts replaces whatever the client sent with the TCP peer address before Next.js sees the
 * request, so a client cannot pick its own per-IP rate-limit bucket by sending the header.
 */
export function clientIp(headers: Headers): string {
  const mode = env().TRUSTED_PROXY;
  const candidates =
    mode === "vercel"
      ? // Vercel overwrites x-forwarded-for with the real client address and also sets x-real-ip.
        [headers.get("x-real-ip"), firstHop(headers.get("x-forwarded-for"))]
      : [firstHop(headers.get("x-forwarded-for"))];
  for (const candidate of candidates) {
    const ip = normaliseIp(candidate);
    if (ip) return ip;
  }
  return "unknown";
}

function firstHop(value: string | null): string | null {
  return value?.split(",")[0]?.trim() ?? null;
}

export function normaliseIp(value: string | null | undefined): string | null {
  if (!value) return null;
  const ip = value.startsWith("::ffff:") && isIP(value.slice(7)) === 4 ? value.slice(7) : value;
  return isIP(ip) ? ip : null;
}
