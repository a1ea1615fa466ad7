import "server-only";
import type { User } from "@/generated/prisma/client";
import { createSession, signOutSession, type SessionContext } from "@/lib/session";
import { cookieName as sessionCookieNameFor } from "@/lib/session/config";
import { signAccessToken } from "@/lib/token/bearer";
import { sessionCookieName } from "@/lib/token/cookie";
import { issueRefreshToken, revokeFamily } from "@/lib/token/refresh";
import { encodeTokenFor } from "@/lib/account/jwt";

/**
 * A "lab device": a second client of the signed-in user, signed in to every area at once on the server's side
 * (your browser's own sign-in is never touched). Its credentials are exactly what a browser or app would hold:
 * the session cookie's seal, the next-auth cookie (one in the default mode, one in revocation mode), and a
 * bearer access + refresh token pair. The labs capture them, act on them, and replay them over HTTP.
 */

export type LabDevice = {
  session: { name: string; value: string; id: string };
  jwt: { name: string; value: string };
  jwtRevocation: { name: string; value: string };
  bearer: { accessToken: string; refreshToken: string; familyId: string };
  /** The context the session was created in (an in-memory cookie jar). */
  ctx: SessionContext;
};

type Client = { ip: string | null; userAgent: string | null };

/** A cookie jar in memory, for a session created and ended outside any browser. */
export function memoryContext(https: boolean, client: Client): SessionContext {
  const values = new Map<string, string>();
  return {
    https,
    client,
    jar: {
      get: (name) => (values.has(name) ? { value: values.get(name)! } : undefined),
      set: (name, value, attributes) => {
        if (attributes.maxAge === 0 || value === "") values.delete(name);
        else values.set(name, value);
      },
    },
  };
}

export async function mintLabDevice(
  user: Pick<User, "id" | "name" | "email" | "tokenVersion">,
  options: { https: boolean; secureTokenCookie: boolean; client: Client; lab: string },
): Promise<LabDevice> {
  const ctx = memoryContext(options.https, { ...options.client, userAgent: `lab device (${options.lab})` });
  const created = await createSession(user, { via: `a lab device (/compare, ${options.lab})` }, ctx);
  const sessionName = sessionCookieNameFor(options.https);
  const jwtName = sessionCookieName(options.secureTokenCookie);
  const subject = { ...user, jwtRevocation: false };
  const [jwt, jwtRevocation, refresh] = await Promise.all([
    encodeTokenFor(subject, jwtName),
    encodeTokenFor({ ...subject, jwtRevocation: true }, jwtName),
    issueRefreshToken(user.id, { ip: options.client.ip, userAgent: `lab device (${options.lab})` }),
  ]);
  const access = await signAccessToken(user, refresh.familyId);
  return {
    session: { name: sessionName, value: ctx.jar.get(sessionName)!.value, id: created.id },
    jwt: { name: jwtName, value: jwt },
    jwtRevocation: { name: jwtName, value: jwtRevocation },
    bearer: { accessToken: access.token, refreshToken: refresh.token, familyId: refresh.familyId },
    ctx,
  };
}

/** Ends whatever the lab left alive: the device's session row and its refresh-token family. */
export async function disposeLabDevice(device: LabDevice): Promise<void> {
  await signOutSession(device.ctx);
  await revokeFamily(device.bearer.familyId);
}
