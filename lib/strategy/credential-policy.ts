import "server-only";
import { cookies } from "next/headers";
import type { JWT } from "next-auth/jwt";
import type { User } from "@/generated/prisma/client";
import { recordEvent } from "@/lib/accounts/audit-log";
import { confirmPassword } from "@/lib/accounts/confirm-password";
import { deleteLabIdentitiesOf, findLabIdentity, type LabIdentity } from "@/lib/accounts/lab-identities";
import { findUser } from "@/lib/accounts/users";
import type { FieldErrors } from "@/lib/security/http";
import { env } from "@/lib/server/env";
import type { ClientMeta } from "@/lib/server/request-meta";
import {
  clearSessionCookie,
  createSession,
  requestContext,
  revokeAllSessions,
  revokeSession,
  withdrawSession,
  type CreatedSession,
  type CreateSessionMeta,
  type SessionContext,
  type SessionRow,
} from "@/lib/session";
import { other, rememberStrategy, setPreferredStrategy, type Strategy } from "@/lib/strategy/preference";
import { currentSignIn, type CurrentSignIn } from "@/lib/strategy/viewer";
import {
  createBearer,
  revokeAllBearer,
  rotateBearer,
  type AccessTokenSubject,
  type TokenPair,
} from "@/lib/token/bearer";
import {
  claimsForSignIn,
  clearJwtCookie,
  consumeTokenVersion,
  createJwt,
  encodeJwt,
  jwtEnd,
  parseTokenClaims,
  revokeAllJwts,
  setRevocationMode,
  withinLifetime,
  type AuthorizedUser,
  type TokenClaims,
} from "@/lib/token/jwt";

/**
 * THE CREDENTIAL POLICY — the one module that knows how both strategies mint, and the only one allowed to call
 * the minting functions (eslint.config.mjs "credential policy"; lib/strategy/credential-policy.test.ts proves the
 * rule bites). SECURITY.md "Credential policy" states the invariants; in short:
 *   I1 Lifetime  — the absolute end is fixed by the password sign-in; nothing here ever moves it later.
 *   I2 Exchange  — a credential is exchanged or re-issued only if the account exists, the credential's token
 *                  version is the account's current one (whatever mode it was minted in) and it is not revoked.
 *                  Only the browser performing an event may be re-issued in that same request (`reissueAfterEvent`).
 *   I3 No widening — a credential made from another is never harder to revoke than its source (a JWT made from a
 *                  session is `switched`: always version-checked, ADR 0070); weakening needs the password.
 *   I4 Renewal   — Auth.js's sliding renewal re-reads the account (one read per renewal, never per request).
 *
 * Every path that mints, renews, exchanges or re-issues a credential, and the function here it goes through:
 *   - session-area sign-in (app/session/login/actions.ts, app/api/session/login/route.ts) → `startPasswordSession`
 *   - the one sign-in page and sign-up (app/(auth)/login, app/(auth)/signup) → `startPasswordSignIn`
 *   - token-area sign-in: Auth.js Credentials (app/token/login/actions.ts, /api/auth/callback/credentials) →
 *     Auth.js's `jwt` callback, trigger "signIn" → `jwtCallback`
 *   - Auth.js's `jwt` callback, trigger "update" (a client's POST /api/auth/session) and the sliding renewal
 *     (GET /api/auth/session) → `jwtCallback`; Auth.js encodes only what it returns
 *   - the areas' minting verbs — `createSession` (lib/session), `createJwt` / `encodeJwt` (lib/token/jwt),
 *     `createBearer` / `rotateBearer` (lib/token/bearer) — are called only from here
 *   - "switch now" (app/settings/actions.ts `switchNowAction`) → `switchStrategy`
 *   - revocation mode (settings action, POST /api/token/revocation-mode) → `changeRevocationMode` + `reissueJwt`
 *   - the name change's re-issue (settings) → `reissueCurrentJwt`
 *   - the password change's "this browser stays signed in" (lib/strategy/password-change.ts) → `reissueAfterEvent`
 *   - the labs (lib/labs/) → `mintLabCredentials`, `reissueLabJwt`, `endLabEverywhere`: only for a lab identity
 *     (lib/accounts/lab-identities.ts) owned by a viewer that `mayExchange` (`labIdentityFor`); never the viewer's
 *     own account, and the short lifetimes of the expiry lab (LAB_SHORT_LIFETIMES) for nobody else
 *   - bearer login and refresh (app/api/bearer/login, app/api/bearer/refresh) → `startBearerFamily`,
 *     `rotateBearerFamily`
 */

// --- I1: lifetime arithmetic ------------------------------------------------------------------------------

const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

/** The absolute end of a next-auth JWT: `auth_time` + TOKEN_ABSOLUTE_LIFETIME. */
function tokenEnd(claims: Pick<TokenClaims, "auth_time">): Date {
  return new Date((claims.auth_time + env().TOKEN_ABSOLUTE_LIFETIME) * 1000);
}

/**
 * The `auth_time` of a JWT made from a session row: the session's start, moved earlier if needed so that the
 * JWT's end (auth_time + TOKEN_ABSOLUTE_LIFETIME) is no later than the session's absolute end.
 */
function authTimeFromSession(row: Pick<SessionRow, "createdAt" | "absoluteExpiresAt">): number {
  return Math.min(seconds(row.createdAt), seconds(row.absoluteExpiresAt) - env().TOKEN_ABSOLUTE_LIFETIME);
}

// --- I2: the strictest check ------------------------------------------------------------------------------

/** The strictest check of a JWT against its account: in its lifetime, same account, the version current. */
function passesStrictestCheck(claims: TokenClaims, user: Pick<User, "id" | "tokenVersion">): boolean {
  return claims.sub === user.id && claims.token_version === user.tokenVersion && withinLifetime(claims);
}

/** The account behind a JWT, if the token may be exchanged or re-issued (the strictest check). */
async function exchangeableAccount(claims: TokenClaims): Promise<User | null> {
  if (!withinLifetime(claims)) return null;
  const user = await findUser(claims.sub);
  return user && passesStrictestCheck(claims, user) ? user : null;
}

/**
 * May this sign-in be exchanged for new credentials of `user` (the labs' devices)? A session is (its row was just
 * read); a JWT only with the account's current version (I2).
 */
export function mayExchange(current: CurrentSignIn, user: Pick<User, "id" | "tokenVersion">): boolean {
  if (current.strategy === "session") return current.userId === user.id;
  return passesStrictestCheck(current.token.claims, user);
}

// --- Password sign-ins ------------------------------------------------------------------------------------

/** A session for a password just verified (the session area's form and JSON route). */
export function startPasswordSession(
  user: { id: string },
  meta: Pick<CreateSessionMeta, "via" | "ip" | "userAgent">,
  ctx?: SessionContext,
): Promise<CreatedSession> {
  // Only these three reach createSession: a real account's session never gets a cap or a short idle window.
  return createSession(user, { via: meta.via, ip: meta.ip, userAgent: meta.userAgent }, ctx);
}

/** Signs this browser in with `strategy` after a password was verified, and remembers it as the browser's last one. */
export async function startPasswordSignIn(
  user: Pick<User, "id" | "name" | "email" | "tokenVersion" | "jwtRevocation">,
  strategy: Strategy,
  via: string,
  client: Partial<ClientMeta> = {},
): Promise<void> {
  if (strategy === "session") {
    await createSession(user, { via, ip: client.ip, userAgent: client.userAgent });
  } else {
    await createJwt(user, { via: `after ${via}` });
  }
  rememberStrategy(await cookies(), strategy, (await requestContext()).https);
}

// --- Auth.js's jwt callback: sign-in, update, sliding renewal ---------------------------------------------

/**
 * Auth.js's `jwt` callback. Runs at the Credentials sign-in (adds our claims) and whenever Auth.js re-encodes the
 * cookie: `update` (a client's POST /api/auth/session) and the sliding renewal (GET /api/auth/session).
 * Returning null makes Auth.js clear the cookie. Every re-encode is a checkpoint (I2, I4): one read of the account
 * — it must exist and have the token's version, whatever the mode — so a deleted or password-changed account's
 * copy is never renewed and dies within TOKEN_MAX_AGE. `auth_time` is never touched (I1). A client's `session`
 * data posted with `update` is never trusted: name and e-mail come from the account.
 */
export async function jwtCallback({
  token,
  user,
  trigger,
}: {
  token: JWT;
  user?: unknown;
  trigger?: string;
}): Promise<JWT | null> {
  if (trigger === "signIn") return { ...token, ...claimsForSignIn(user as AuthorizedUser) };
  const claims = parseTokenClaims(token);
  if (!claims) return null;
  const account = await exchangeableAccount(claims);
  if (!account) return null;
  // The token follows the account's mode from here on, except that a switched token stays checked (I3).
  const revocation = claims.switched === true || account.jwtRevocation;
  if (trigger === "update") return { ...token, name: account.name, email: account.email, revocation };
  return { ...token, revocation };
}

// --- Re-issuing this browser's JWT ------------------------------------------------------------------------

/**
 * Re-issues this browser's JWT with the account's current name and mode (name change, revocation mode), keeping
 * its `auth_time`, `switched` and — for a lab identity's token, which POST /api/token/revocation-mode accepts like
 * any JWT — its `lab_end`: a re-issue never turns a lab credential into a real one. Refused — and the cookie cleared
 * — unless the token passes the strictest check (I2): a stale copy is never refreshed into a current one. Returns
 * whether it re-issued.
 */
export async function reissueJwt(claims: TokenClaims, via: string): Promise<boolean> {
  const user = await exchangeableAccount(claims);
  if (!user) {
    await clearJwtCookie();
    return false;
  }
  await createJwt(user, {
    via,
    authTime: claims.auth_time,
    switched: claims.switched,
    labEnd: claims.lab_end,
    log: false,
  });
  return true;
}

/** The same for whatever this browser is signed in with: a session row needs nothing re-issued (false). */
export function reissueCurrentJwt(current: CurrentSignIn, via: string): Promise<boolean> {
  return current.strategy === "token" ? reissueJwt(current.token.claims, via) : Promise.resolve(false);
}

/**
 * The I2 exception: the browser that just performed an event that bumped the token version (the password change;
 * the labs no longer bump the viewer's version: they act on a lab identity) keeps its sign-in — inside that same
 * request, with its original `auth_time`. Its
 * token must have carried the version the account had before the event (`versionBefore`, read in this request),
 * and `versionAfter` — the version the event's own UPDATE returned — must be exactly one more, and still the
 * account's: if anything else bumped the version meanwhile (the owner's sign out everywhere landing while a thief
 * changes the password with a copied cookie), nothing is re-issued. The new JWT carries `versionAfter`, never a version read
 * later, so an event that lands after this check still ends it.
 */
export async function reissueAfterEvent(
  current: CurrentSignIn,
  versionBefore: number,
  versionAfter: number | null | undefined,
  via: string,
): Promise<boolean> {
  if (current.strategy !== "token") return false;
  const claims = current.token.claims;
  const ours = typeof versionAfter === "number" && versionAfter === versionBefore + 1;
  const user = ours ? await findUser(claims.sub) : null;
  if (
    !user ||
    user.tokenVersion !== versionAfter ||
    claims.token_version !== versionBefore ||
    !withinLifetime(claims)
  ) {
    await clearJwtCookie();
    return false;
  }
  await createJwt(user, { via, authTime: claims.auth_time, switched: claims.switched, log: false });
  return true;
}

// --- I3: revocation mode ----------------------------------------------------------------------------------

export type ModeChange =
  | { ok: true; enabled: boolean; tokenVersion: number }
  | { ok: false; status: 400 | 401 | 429; fields: FieldErrors; retryAfterSeconds?: number };

/**
 * Turns revocation mode on (always allowed: it only strengthens) or off (widens every future token's window, so
 * it needs the current password — a thief holding a copy of a cookie does not have it).
 */
export async function changeRevocationMode(
  userId: string,
  enabled: boolean,
  currentPassword: unknown,
  client: Partial<ClientMeta>,
  { field = "currentPassword" }: { field?: string } = {},
): Promise<ModeChange> {
  if (!enabled) {
    const confirmed = await confirmPassword(userId, currentPassword, client.ip, field);
    if (!confirmed.ok) return confirmed;
  }
  const state = await setRevocationMode(userId, enabled, client);
  if (!state) return { ok: false, status: 401, fields: { form: "This account no longer exists." } };
  return { ok: true, ...state };
}

// --- Account-wide events ----------------------------------------------------------------------------------

/** What an account-wide event ended: sessions, and the token version and refresh tokens (null: account gone). */
export type EndedEverywhere = {
  sessionsEnded: number;
  tokens: { tokenVersion: number; refreshTokensRevoked: number } | null;
};

/**
 * Sign out everywhere (else), a password change, the everywhere lab: ends every session of the account but
 * `except`, spends the token version and revokes every refresh family — rows, version, rows again, so a
 * "switch now" from a JWT racing it cannot slip a session in between (switchStrategy withdraws a row whose
 * version moved on). A bearer refresh racing the family revocation cannot survive it either: a family with a
 * revoked member never rotates again (lib/token/bearer/internal/refresh-store.ts). Last, the account's lab
 * identities go, with every session and refresh family they hold: a lab credential made from a sign-in that has
 * just ended does not outlive it (a lab still running stops at its next step, LabIdentityGone).
 */
export async function endEverywhere(
  userId: string,
  { except, reason, client }: { except?: string; reason: string; client: Partial<ClientMeta> },
): Promise<EndedEverywhere> {
  const first = await revokeAllSessions(userId, { except, reason, ...client });
  const tokenVersion = await revokeAllJwts(userId, client);
  const refreshTokensRevoked = await revokeAllBearer(userId, client);
  const tokens = tokenVersion === null ? null : { tokenVersion, refreshTokensRevoked };
  const late = await revokeAllSessions(userId, {
    except,
    reason: `${reason} (a session made while it ran)`,
    ...client,
  });
  await deleteLabIdentitiesOf(userId);
  return { sessionsEnded: first + late, tokens };
}

// --- "Switch now" -----------------------------------------------------------------------------------------

export type SwitchOutcome = { ok: true; to: Strategy } | { ok: false; reason: "signed-out" | "account-gone" };

/**
 * "Switch now": the other strategy's credential is made from this browser's live one, no password typed.
 * - The source is consumed FIRST, atomically, and only the request that consumed it mints: of concurrent switches
 *   from one credential exactly one succeeds. A session is consumed by deleting its row; a JWT by spending the
 *   account's token version (which also ends every JWT of that version: checked ones now, others at renewal).
 * - Session → JWT: `auth_time` from the session (its end no later than the session's, I1), `switched` so the JWT
 *   is version-checked like revocation mode whatever the account's mode (I3, ADR 0070).
 * - JWT → session: only from a token passing the strictest check (I2); the session's absolute end is capped at
 *   the token's (I1). A session is never harder to revoke than a JWT (I3). Every account-wide event deletes
 *   rows, bumps the version and deletes rows again, and this switch re-reads the version after inserting its
 *   row: a row that missed both deletes is withdrawn. (Session → JWT reads the version before ending its row,
 *   which must precede the first delete, so its JWT carries the pre-event version.)
 */
export async function switchStrategy(): Promise<SwitchOutcome> {
  const current = await currentSignIn();
  if (!current) return { ok: false, reason: "signed-out" };
  const to = other(current.strategy);
  if (current.strategy === "session") {
    const user = await findUser(current.userId);
    const ended = await revokeSession(current.ctx);
    if (!user) return { ok: false, reason: "account-gone" };
    if (!ended) return { ok: false, reason: "signed-out" };
    await createJwt(user, {
      via: "after a switch from the session area (no password typed)",
      authTime: authTimeFromSession(current.session.session),
      switched: true,
    });
  } else {
    const claims = current.token.claims;
    const user = await exchangeableAccount(claims);
    const consumed = user !== null && (await consumeTokenVersion(user.id, claims.token_version));
    await clearJwtCookie();
    if (consumed)
      await recordEvent({
        userId: user.id,
        area: "token",
        type: "sign-out",
        detail: `Switched to a session: token version ${claims.token_version} spent, so this JWT and every copy of it can no longer be renewed or exchanged.`,
        ...current.ctx.client,
      });
    if (!user) return { ok: false, reason: (await findUser(claims.sub)) ? "signed-out" : "account-gone" };
    if (!consumed) return { ok: false, reason: "signed-out" };
    const created = await createSession(user, {
      via: "a switch from the token area (no password typed)",
      ip: current.ctx.client.ip,
      userAgent: current.ctx.client.userAgent,
      absoluteEndCap: tokenEnd(claims),
    });
    // A sign out everywhere or password change deletes rows, bumps the version, then deletes rows again: a row
    // inserted after its second delete is seen here by the moved version and withdrawn (I2).
    const after = await findUser(user.id);
    if (!after || after.tokenVersion !== claims.token_version + 1) {
      await withdrawSession(created.id);
      clearSessionCookie(current.ctx);
      return { ok: false, reason: after ? "signed-out" : "account-gone" };
    }
  }
  rememberStrategy(await cookies(), to, current.ctx.https);
  await setPreferredStrategy(current.userId, to);
  return { ok: true, to };
}

// --- Bearer -----------------------------------------------------------------------------------------------

/** A new refresh-token family and its first access token, for a password just verified (POST /api/bearer/login). */
export function startBearerFamily(user: AccessTokenSubject, client: ClientMeta) {
  return createBearer(user, client);
}

/**
 * One rotation (POST /api/bearer/refresh): the family's expiry never moves (I1); a revoked family — sign-out,
 * sign out everywhere, password change — or a deleted account (rows cascade) cannot rotate (I2).
 */
export function rotateBearerFamily(refreshToken: unknown, client: ClientMeta) {
  return rotateBearer(refreshToken, client);
}

// --- Labs: lab identities only --------------------------------------------------------------------------

/**
 * The lifetimes a lab identity's credentials may get. `standard`: the configured ones, every credential capped at
 * the identity's end (and the viewer's). `short`: the expiry lab's — a session idle 15 s / absolute 60 s, a JWT
 * ended 20 s after it was made (by our own `lab_end` check: Auth.js re-encodes every renewal with its global
 * maxAge), a bearer access token of 10 s. This override exists only here and is given only to a lab identity the
 * signed-in viewer owns (`labIdentityFor`): no real account can receive it, whatever it sends
 * (lib/strategy/credential-policy.test.ts).
 */
export const LAB_SHORT_LIFETIMES = { sessionIdle: 15, sessionAbsolute: 60, jwt: 20, bearerAccess: 10 } as const;
export type LabLifetimes = "standard" | "short";

/**
 * The lab identity `identityId`, if — and only if — the request's viewer may act on it: the viewer's sign-in passes
 * the strictest check (so a copy from before a password change or sign out everywhere cannot run labs, I2), the
 * viewer is a real account, and the identity is a live lab identity that this viewer owns. Everything a lab does
 * to an identity goes through this.
 */
export async function labIdentityFor(viewer: CurrentSignIn, identityId: string): Promise<LabIdentity | null> {
  const owner = await labOwner(viewer);
  return owner ? findLabIdentity(identityId, owner.id) : null;
}

/**
 * The account that may own lab identities made from this sign-in: a real account (never a lab identity) whose
 * sign-in passes the strictest check (I2). Null otherwise — and then a lab writes nothing at all.
 */
export async function labOwner(viewer: CurrentSignIn): Promise<User | null> {
  const owner = await findUser(viewer.userId);
  if (!owner || owner.labOwnerId !== null || owner.passwordHash === null || !mayExchange(viewer, owner)) return null;
  return owner;
}

/** The end of the viewer's own credential: no lab credential made from this sign-in outlives it (I1). */
function viewerEnd(viewer: CurrentSignIn): number {
  return viewer.strategy === "token"
    ? seconds(jwtEnd(viewer.token.claims))
    : Math.min(seconds(viewer.session.session.absoluteExpiresAt), seconds(viewer.session.session.idleExpiresAt));
}

export type LabCredentials = {
  identity: LabIdentity;
  session: CreatedSession;
  jwt: string;
  jwtRevocation: string;
  bearer: { pair: TokenPair; familyId: string; accessTtl: number };
  /**
   * When each credential ends at the latest, in milliseconds since the epoch: the session's absolute end and its
   * idle end (unless used), the JWTs' `lab_end`, the access token's `exp` (verifiers allow a few seconds of skew).
   */
  ends: { session: number; sessionIdle: number; jwt: number; bearerAccess: number };
};

/**
 * The credentials of one lab device of a lab identity, made server-side and never sent to a browser: a session
 * (created into `ctx`, an in-memory jar), two next-auth JWTs (default and revocation mode) and a bearer pair.
 * Refused (null) unless `labIdentityFor` allows it. Every credential ends no later than the identity (an hour) and
 * the viewer's own credential; `lifetimes: "short"` shortens them further (LAB_SHORT_LIFETIMES).
 */
export async function mintLabCredentials(
  viewer: CurrentSignIn,
  identityId: string,
  options: { ctx: SessionContext; via: string; jwtName: string; userAgent: string; lifetimes: LabLifetimes },
): Promise<LabCredentials | null> {
  const identity = await labIdentityFor(viewer, identityId);
  if (!identity) return null;
  const now = seconds(new Date());
  const end = Math.min(seconds(identity.expiresAt), viewerEnd(viewer));
  const short = options.lifetimes === "short";
  const sessionEnd = short ? Math.min(end, now + LAB_SHORT_LIFETIMES.sessionAbsolute) : end;
  const jwtEndAt = short ? Math.min(end, now + LAB_SHORT_LIFETIMES.jwt) : end;
  const accessTtl = short ? LAB_SHORT_LIFETIMES.bearerAccess : env().BEARER_ACCESS_TTL;
  // The refresh family ends with the rest (and, short, with its access token): no refresh outlives the device.
  const familyEnd = short ? Math.min(end, now + accessTtl) : end;
  const session = await createSession(
    identity,
    {
      via: options.via,
      absoluteEndCap: new Date(sessionEnd * 1000),
      ...(short ? { idleSeconds: LAB_SHORT_LIFETIMES.sessionIdle } : {}),
    },
    options.ctx,
  );
  const subject = { ...identity, jwtRevocation: false };
  const [jwt, jwtRevocation, bearer] = await Promise.all([
    encodeJwt(subject, options.jwtName, { authTime: now, labEnd: jwtEndAt }),
    encodeJwt({ ...subject, jwtRevocation: true }, options.jwtName, { authTime: now, labEnd: jwtEndAt }),
    createBearer(
      identity,
      { ip: options.ctx.client.ip, userAgent: options.userAgent },
      { log: false, accessTtlSeconds: accessTtl, endsBy: new Date(familyEnd * 1000) },
    ),
  ]);
  return {
    identity,
    session,
    jwt,
    jwtRevocation,
    bearer: { ...bearer, accessTtl },
    ends: {
      session: session.session.absoluteExpiresAt.getTime(),
      sessionIdle: session.session.idleExpiresAt.getTime(),
      jwt: jwtEndAt * 1000,
      bearerAccess: (now + accessTtl) * 1000,
    },
  };
}

/**
 * A lab identity's JWT re-issued with the identity's current claims (the stale-claims lab), ending when the lab
 * identity's standard credentials end. Null unless `labIdentityFor` allows it.
 */
export async function reissueLabJwt(viewer: CurrentSignIn, identityId: string, cookieName: string) {
  const identity = await labIdentityFor(viewer, identityId);
  if (!identity) return null;
  const end = Math.min(seconds(identity.expiresAt), viewerEnd(viewer));
  return encodeJwt({ ...identity, jwtRevocation: false }, cookieName, { labEnd: end });
}

/**
 * Sign out everywhere for a lab identity (the everywhere lab): the same account-wide event as the real one
 * (`endEverywhere`), on the lab identity only. Null unless `labIdentityFor` allows it.
 */
export async function endLabEverywhere(
  viewer: CurrentSignIn,
  identityId: string,
  { except, client }: { except?: string; client: Partial<ClientMeta> },
): Promise<EndedEverywhere | null> {
  const identity = await labIdentityFor(viewer, identityId);
  if (!identity) return null;
  return endEverywhere(identity.id, { except, reason: "Signed out everywhere else (a /compare lab)", client });
}
