import "server-only";
import { headers } from "next/headers";
import { createLabIdentity, type LabIdentity, LAB_IDENTITIES_PER_OWNER } from "@/lib/accounts/lab-identities";
import { pruneSoon } from "@/lib/retention/soon";
import { isHttps } from "@/lib/security/origin";
import { clientMeta, type ClientMeta } from "@/lib/server/request-meta";
import { labOwner } from "@/lib/strategy/credential-policy";
import type { CurrentSignIn } from "@/lib/strategy/viewer";
import { usesSecureCookies } from "@/lib/token/jwt";
import type { LabIdentitySummary } from "@/lib/labs/types";

/**
 * What every lab needs: the signed-in viewer (the owner, never acted on), the throw-away lab identity made for this
 * run (everything the lab does happens to it), where the server reaches itself, cookie flavours, the client, and a
 * way to report progress while it runs.
 */
export type LabContext = {
  viewer: CurrentSignIn;
  identity: LabIdentity;
  base: string;
  https: boolean;
  secureTokenCookie: boolean;
  client: ClientMeta;
  /** Called as the lab goes (streamed to the page as NDJSON; ignored by callers that only want the result). */
  progress: (event: LabProgress) => void;
  /** Aborted when the caller went away: long labs stop early. */
  signal?: AbortSignal;
};

/** What a lab reports while it runs. `tick` is the expiry lab's once-a-second report of every credential. */
export type LabProgress =
  | { type: "step"; message: string }
  | { type: "progress"; message: string; done: number; total: number }
  | { type: "tick"; tick: unknown };

export type OpenedLab = { ok: true; lab: LabContext } | { ok: false; status: 401 | 503; error: string };

/**
 * Makes the lab identity for one run, after the checks that must come first: the viewer is a real account whose
 * sign-in passes the strictest check (a copy from before a sign out everywhere writes nothing). The identity is
 * bounded (five per owner, LAB_IDENTITIES_MAX in all) and pruned after LAB_IDENTITY_LIFETIME.
 */
export async function openLab(
  viewer: CurrentSignIn,
  base: string,
  label: string,
  options: { progress?: LabContext["progress"]; signal?: AbortSignal; requestHeaders?: Headers } = {},
): Promise<OpenedLab> {
  const owner = await labOwner(viewer);
  if (!owner) {
    return {
      ok: false,
      status: 401,
      error: "This sign-in has ended (the account is gone, or it predates a password change).",
    };
  }
  void pruneSoon(); // retention without a scheduler: lab identities are one of the things it prunes
  const made = await createLabIdentity(owner.id, label);
  if (!made.ok) {
    return made.reason === "busy"
      ? {
          ok: false,
          status: 503,
          error: "The labs are busy right now (too many lab identities exist). Try again in a few minutes.",
        }
      : { ok: false, status: 401, error: "A lab identity cannot run labs." };
  }
  const h = options.requestHeaders ?? (await headers());
  return {
    ok: true,
    lab: {
      viewer,
      identity: made.identity,
      base,
      https: isHttps(h),
      secureTokenCookie: usesSecureCookies(h),
      client: clientMeta(h),
      progress: options.progress ?? (() => {}),
      signal: options.signal,
    },
  };
}

export function identitySummary(identity: LabIdentity): LabIdentitySummary {
  return {
    id: identity.id,
    name: identity.name,
    email: identity.email,
    createdAt: identity.createdAt.toISOString(),
    expiresAt: identity.expiresAt.toISOString(),
  };
}

export { LAB_IDENTITIES_PER_OWNER };
