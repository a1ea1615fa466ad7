import "server-only";
import { headers } from "next/headers";
import { clientIp } from "@/lib/server/client-ip";

/**
 * Who is asking: the client's address (lib/server/client-ip.ts decides which header to believe) and its user
 * agent. Stored on session and refresh-token rows at sign-in and on every lifecycle event; the one shape for it.
 */
export type ClientMeta = { ip: string | null; userAgent: string | null };

/** The client of a request, from its headers (the address is always known here: "unknown" when it is not). */
export function clientMeta(requestHeaders: Headers): ClientMeta & { ip: string } {
  return { ip: clientIp(requestHeaders), userAgent: requestHeaders.get("user-agent") };
}

/** The client of the current request (server components, server actions, route handlers). */
export async function requestMeta(): Promise<ClientMeta> {
  return clientMeta(await headers());
}
