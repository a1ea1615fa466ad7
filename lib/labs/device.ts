import "server-only";
import type { ClientMeta } from "@/lib/server/request-meta";
import { mintLabCredentials, type LabCredentials, type LabLifetimes } from "@/lib/strategy/credential-policy";
import { revokeSession, sessionCookieName, type SessionContext } from "@/lib/session";
import { jwtCookieName } from "@/lib/token/jwt";
import { revokeFamily } from "@/lib/token/bearer";
import type { LabContext } from "@/lib/labs/context";

/**
 * A "lab device": one client of the run's lab identity, signed in to every area at once on the server's side. Its
 * credentials are exactly what a browser or app would hold — the session cookie's seal, the next-auth cookie (one in
 * the default mode, one in revocation mode), a bearer access + refresh token pair — and they never leave the
 * server: the labs capture them, act on them, and replay them over HTTP. The viewer's own account and browser are
 * never involved: the credential policy mints them only for a lab identity the viewer owns.
 */

export type LabDevice = {
  session: { name: string; value: string; id: string };
  jwt: { name: string; value: string };
  jwtRevocation: { name: string; value: string };
  bearer: { accessToken: string; refreshToken: string; familyId: string; accessTtl: number };
  /** When each credential ends at the latest (seconds since the epoch). */
  ends: LabCredentials["ends"];
  /** The context the session was created in (an in-memory cookie jar). */
  ctx: SessionContext;
};

/** A cookie jar in memory, for a session created and ended outside any browser. */
function memoryContext(https: boolean, client: ClientMeta): SessionContext {
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

export class LabIdentityGone extends Error {
  override name = "LabIdentityGone";
  constructor() {
    super("This lab's identity is gone (pruned, or replaced by a newer lab of yours), or your sign-in has ended.");
  }
}

export async function mintLabDevice(
  lab: LabContext,
  device: string,
  lifetimes: LabLifetimes = "standard",
): Promise<LabDevice> {
  const userAgent = `lab device (${device})`;
  const ctx = memoryContext(lab.https, { ...lab.client, userAgent });
  const sessionName = sessionCookieName(lab.https);
  const jwtName = jwtCookieName(lab.secureTokenCookie);
  const minted = await mintLabCredentials(lab.viewer, lab.identity.id, {
    ctx,
    via: `a lab device (/compare, ${device})`,
    jwtName,
    userAgent,
    lifetimes,
  });
  if (!minted) throw new LabIdentityGone();
  return {
    session: { name: sessionName, value: ctx.jar.get(sessionName)!.value, id: minted.session.id },
    jwt: { name: jwtName, value: minted.jwt },
    jwtRevocation: { name: jwtName, value: minted.jwtRevocation },
    bearer: {
      accessToken: minted.bearer.pair.accessToken,
      refreshToken: minted.bearer.pair.refreshToken,
      familyId: minted.bearer.familyId,
      accessTtl: minted.bearer.accessTtl,
    },
    ends: minted.ends,
    ctx,
  };
}

/** Ends whatever the lab left alive on the device: its session row and its refresh-token family. */
export async function disposeLabDevice(device: LabDevice): Promise<void> {
  await revokeSession(device.ctx);
  await revokeFamily(device.bearer.familyId);
}
