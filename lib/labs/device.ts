import "server-only";
import type { ClientMeta } from "@/lib/server/request-meta";
import type { User } from "@/generated/prisma/client";
import type { CurrentSignIn } from "@/lib/strategy/viewer";
import { mintLabDevice as mintLabCredentials } from "@/lib/strategy/credential-policy";
import { revokeSession, sessionCookieName, type SessionContext } from "@/lib/session";
import { jwtCookieName } from "@/lib/token/jwt";
import { revokeFamily } from "@/lib/token/bearer";

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

type Client = ClientMeta;

/** A cookie jar in memory, for a session created and ended outside any browser. */
function memoryContext(https: boolean, client: Client): SessionContext {
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
  options: { https: boolean; secureTokenCookie: boolean; client: Client; lab: string; current: CurrentSignIn },
): Promise<LabDevice> {
  const userAgent = `lab device (${options.lab})`;
  const ctx = memoryContext(options.https, { ...options.client, userAgent });
  const sessionName = sessionCookieName(options.https);
  const jwtName = jwtCookieName(options.secureTokenCookie);
  // Minted by the credential policy, from the viewer's sign-in (so no lab credential outlives it).
  const { created, jwt, jwtRevocation, bearer } = await mintLabCredentials(user, {
    ctx,
    via: `a lab device (/compare, ${options.lab})`,
    jwtName,
    viewer: options.current,
    userAgent,
  });
  return {
    session: { name: sessionName, value: ctx.jar.get(sessionName)!.value, id: created.id },
    jwt: { name: jwtName, value: jwt },
    jwtRevocation: { name: jwtName, value: jwtRevocation },
    bearer: { accessToken: bearer.pair.accessToken, refreshToken: bearer.pair.refreshToken, familyId: bearer.familyId },
    ctx,
  };
}

/** Ends whatever the lab left alive: the device's session row and its refresh-token family. */
export async function disposeLabDevice(device: LabDevice): Promise<void> {
  await revokeSession(device.ctx);
  await revokeFamily(device.bearer.familyId);
}
