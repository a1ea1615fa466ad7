import "server-only";
import { performance } from "node:perf_hooks";

/**
 * Real HTTP requests from the server to our own endpoints, carrying exactly one captured credential, the way a
 * second machine replaying it would. What comes back is reported as is: status, the name the endpoint saw, the
 * database queries it says it made (`X-DB-Queries`), when it was sent and how long the answer took.
 */

export type Probe = {
  request: string;
  /** When the request was sent (ISO 8601). */
  at: string;
  /** How long the answer took, in milliseconds (a round trip through this server's own HTTP stack). */
  ms: number;
  status: number;
  /** The display name in the response, when signed in. */
  name: string | null;
  queries: number | null;
  /** The endpoint's error message, when refused. */
  error: string | null;
  /** Access-Control-Allow-Origin of the response (null: a foreign page could not read it). */
  allowOrigin: string | null;
  /** Cookies the response set, name → value ("" when it cleared one): what a browser's jar would take. */
  setCookies?: Record<string, string>;
};

export type Credential =
  { kind: "cookie"; name: string; value: string } | { kind: "bearer"; token: string } | { kind: "none" };

type Options = { method?: "GET" | "POST"; body?: unknown; origin?: string };

export async function probe(base: string, path: string, credential: Credential, options: Options = {}): Promise<Probe> {
  const method = options.method ?? "GET";
  const headers: Record<string, string> = { accept: "application/json", "user-agent": "sessions-vs-tokens lab" };
  if (credential.kind === "cookie") headers.cookie = `${credential.name}=${credential.value}`;
  if (credential.kind === "bearer") headers.authorization = `Bearer ${credential.token}`;
  if (method === "POST") {
    headers["content-type"] = "application/json";
    headers.origin = options.origin ?? base;
  } else if (options.origin) {
    headers.origin = options.origin;
  }
  const at = new Date();
  const started = performance.now();
  const response = await fetch(new URL(path, base), {
    method,
    headers,
    body: method === "POST" ? JSON.stringify(options.body ?? {}) : undefined,
    redirect: "manual",
    cache: "no-store",
  });
  let body: { user?: { name?: unknown }; error?: unknown } = {};
  try {
    const parsed: unknown = await response.json();
    // Auth.js's session endpoint answers a plain `null` when it refuses: any non-object is "no body".
    if (parsed !== null && typeof parsed === "object") body = parsed as typeof body;
  } catch {
    // not JSON: reported by status only
  }
  const queries = response.headers.get("x-db-queries");
  const setCookies: Record<string, string> = {};
  for (const header of response.headers.getSetCookie()) {
    const [pair] = header.split(";");
    const eq = pair!.indexOf("=");
    if (eq > 0) setCookies[pair!.slice(0, eq).trim()] = pair!.slice(eq + 1).trim();
  }
  return {
    request: `${method} ${path}`,
    at: at.toISOString(),
    ms: Math.round((performance.now() - started) * 10) / 10,
    status: response.status,
    name: typeof body.user?.name === "string" ? body.user.name : null,
    queries: queries === null ? null : Number(queries),
    error: typeof body.error === "string" ? body.error : null,
    allowOrigin: response.headers.get("access-control-allow-origin"),
    ...(Object.keys(setCookies).length > 0 ? { setCookies } : {}),
  };
}

export const cookieOf = (c: { name: string; value: string }): Credential => ({ kind: "cookie", ...c });
export const bearerOf = (token: string): Credential => ({ kind: "bearer", token });

/** The origin the server reaches itself at: the one the browser used for this request. */
export function selfOrigin(request: Request): string {
  return new URL(request.url).origin;
}

/** A lab device's credentials as someone who captured them would hold them. */
export type Captured = {
  session: Credential;
  jwt: Credential;
  jwtChecked: Credential;
  access: Credential;
  refreshToken: string;
};

export function capture(device: {
  session: { name: string; value: string };
  jwt: { name: string; value: string };
  jwtRevocation: { name: string; value: string };
  bearer: { accessToken: string; refreshToken: string };
}): Captured {
  return {
    session: cookieOf(device.session),
    jwt: cookieOf(device.jwt),
    jwtChecked: cookieOf(device.jwtRevocation),
    access: bearerOf(device.bearer.accessToken),
    refreshToken: device.bearer.refreshToken,
  };
}

/** Asks each area's identity endpoint who the captured credentials belong to. */
export async function probeIdentity(base: string, captured: Captured) {
  return {
    session: await probe(base, "/api/session/me", captured.session),
    jwt: await probe(base, "/api/token/me", captured.jwt),
    jwtChecked: await probe(base, "/api/token/me", captured.jwtChecked),
    bearer: await probe(base, "/api/bearer/me", captured.access),
  };
}

/** Tries to spend the captured refresh token. */
export function probeRefresh(base: string, captured: Captured) {
  return probe(
    base,
    "/api/bearer/refresh",
    { kind: "none" },
    { method: "POST", body: { refreshToken: captured.refreshToken } },
  );
}

/** Asks the bearer API to sign out the captured refresh token's family. */
export function probeBearerLogout(base: string, captured: Captured) {
  return probe(
    base,
    "/api/bearer/logout",
    { kind: "none" },
    { method: "POST", body: { refreshToken: captured.refreshToken } },
  );
}
