/**
 * The bearer flow's browser side (docs/decisions/0021-token-bearer-jwt-and-refresh-rotation.md): the one place that
 * knows where the tokens live (localStorage, two keys), how a request carries them (`Authorization: Bearer`), and
 * how they are renewed — one refresh at a time across every tab of this browser (Web Locks), so two tabs never
 * spend the same refresh token (a spent token presented again revokes its whole family).
 *
 * It never decodes a token: who is signed in, and until when, is what the server answers at GET /api/bearer/me
 * after verifying the signature.
 *
 * Browser-only: no `server-only`, no Node API. The server's types are imported with `import type`, which the build
 * erases, so nothing of the server modules reaches the bundle. `createBearerClient` takes the browser's parts as
 * arguments (tests pass stand-ins); `bearerClient()` is the page's instance over localStorage, navigator.locks and
 * fetch.
 */
import type { BearerDescription, BearerMe, TokenPair } from "@/lib/token/bearer";

export const ACCESS_KEY = "svt.bearer.accessToken";
export const REFRESH_KEY = "svt.bearer.refreshToken";
/** The Web Lock every tab takes to refresh or sign out. */
export const REFRESH_LOCK = "svt-bearer-refresh";

export type StoredTokens = Pick<TokenPair, "accessToken" | "refreshToken">;

/** A server type as it arrives in JSON: every Date an ISO 8601 string. */
export type Wire<T> = T extends Date
  ? string
  : T extends Array<infer U>
    ? Array<Wire<U>>
    : T extends object
      ? { [K in keyof T]: Wire<T[K]> }
      : T;

/** GET /api/bearer/me: the verified token and who it names (no database query). */
/** GET /api/bearer/me: who the access token names, what the server verified, what the check cost. */
export type { BearerMe };

/** GET /api/bearer/tokens: the refresh-token rows and lifecycle log the server stores. */
export type BearerServerState = Wire<BearerDescription>;

export type ApiError = { error?: string; fields?: Record<string, string> };

/** One answer of the API. `status` is null when the server could not be reached (or nothing was sent). */
export type Answer<T> =
  { ok: true; status: number; body: T } | { ok: false; status: number | null; body: ApiError | null };

/** Every request the client sends, as a page that shows its own traffic records it (bodies unredacted). */
export type Exchange = { method: string; path: string; note?: string; status: number | null; body: unknown };

export type RefreshResult =
  /** `spent`: the refresh token this call spent; null when another caller had already refreshed the pair. */
  | { ok: true; tokens: StoredTokens; spent: string | null }
  /** `signedOut`: the server refused the refresh token, so the stored pair was removed. */
  | { ok: false; status: number | null; error: string; signedOut: boolean };

/** The part of the Web Locks API the client uses: run `callback` while holding the lock `name`. */
export type Locks = { request<T>(name: string, callback: () => Promise<T>): Promise<T> };

export type BrowserParts = {
  storage: Pick<Storage, "getItem" | "setItem" | "removeItem">;
  /** navigator.locks; without it (an insecure context, an old browser) refreshes are serialised in this tab only. */
  locks?: Locks;
  fetch: (url: string, init: RequestInit) => Promise<Response>;
  /** Calls `listener` when another tab changes the stored tokens; returns the unsubscribe. */
  onOtherTab?: (listener: () => void) => () => void;
};

export type BearerClient = ReturnType<typeof createBearerClient>;

const UNREACHABLE = "The server could not be reached.";

/** The API's message in an error answer. */
export function errorOf(body: ApiError | null | undefined): string {
  return body?.error ?? "Something went wrong.";
}

export function createBearerClient(parts: BrowserParts) {
  const { storage } = parts;
  const listeners = new Set<() => void>();
  const observers = new Set<(exchange: Exchange) => void>();
  let cached: { access: string | null; refresh: string | null; tokens: StoredTokens | null } | undefined;

  /** The stored pair, or null. The same object until the storage changes (a useSyncExternalStore snapshot). */
  function read(): StoredTokens | null {
    const access = storage.getItem(ACCESS_KEY);
    const refresh = storage.getItem(REFRESH_KEY);
    if (cached?.access !== access || cached.refresh !== refresh) {
      cached = { access, refresh, tokens: access && refresh ? { accessToken: access, refreshToken: refresh } : null };
    }
    return cached.tokens;
  }

  function write(tokens: StoredTokens | null) {
    if (tokens) {
      storage.setItem(ACCESS_KEY, tokens.accessToken);
      storage.setItem(REFRESH_KEY, tokens.refreshToken);
    } else {
      storage.removeItem(ACCESS_KEY);
      storage.removeItem(REFRESH_KEY);
    }
    listeners.forEach((listener) => listener());
  }

  /** Replaces `previous` only if it is still what is stored (a sign-in elsewhere may have replaced it meanwhile). */
  function replace(previous: StoredTokens, next: StoredTokens | null) {
    if (read()?.refreshToken === previous.refreshToken) write(next);
  }

  /** Re-renders on this client's writes and on other tabs' (the `storage` event). */
  function subscribe(listener: () => void): () => void {
    listeners.add(listener);
    const offOtherTab = parts.onOtherTab?.(listener);
    return () => {
      listeners.delete(listener);
      offOtherTab?.();
    };
  }

  /** Sees every request this client sends. */
  function observe(observer: (exchange: Exchange) => void): () => void {
    observers.add(observer);
    return () => void observers.delete(observer);
  }

  let tabQueue: Promise<unknown> = Promise.resolve();
  /** One refresh or sign-out at a time across this browser's tabs (or, without Web Locks, in this tab). */
  function serialised<T>(work: () => Promise<T>): Promise<T> {
    if (parts.locks) return parts.locks.request(REFRESH_LOCK, work);
    const run = tabQueue.then(work, work);
    tabQueue = run.catch(() => undefined);
    return run;
  }

  /**
   * Sends one request and never throws: a network failure is an answer with status null. `accessToken` goes in the
   * Authorization header, `json` as the body. Observers see it; the stored tokens are not touched.
   */
  async function request<T>(
    method: "GET" | "POST",
    path: string,
    options: { accessToken?: string; json?: unknown; note?: string } = {},
  ): Promise<Answer<T>> {
    const headers: Record<string, string> = {};
    if (options.accessToken) headers.authorization = `Bearer ${options.accessToken}`;
    if (options.json !== undefined) headers["content-type"] = "application/json";
    let status: number | null = null;
    let body: unknown;
    try {
      const response = await parts.fetch(path, {
        method,
        headers,
        body: options.json === undefined ? undefined : JSON.stringify(options.json),
        cache: "no-store",
      });
      status = response.status;
      body = await response.json().catch(() => null);
    } catch {
      body = { error: UNREACHABLE };
    }
    observers.forEach((observer) => observer({ method, path, note: options.note, status, body }));
    return status !== null && status >= 200 && status < 300
      ? { ok: true, status, body: body as T }
      : { ok: false, status, body: body as ApiError | null };
  }

  /** POST /api/bearer/login; on success the pair is stored. */
  async function signIn(credentials: { email: string; password: string }): Promise<Answer<TokenPair>> {
    const answer = await request<TokenPair>("POST", "/api/bearer/login", { json: credentials });
    if (answer.ok) write({ accessToken: answer.body.accessToken, refreshToken: answer.body.refreshToken });
    return answer;
  }

  /**
   * Spends the stored refresh token for a new pair, holding the lock. `stale`: the access token the caller found
   * refused; if another caller has replaced it meanwhile, its pair is used and nothing is spent — so any number of
   * concurrent callers cost one refresh. Without `stale` it always refreshes. A refused refresh token (400/401)
   * removes the stored pair; a rate limit or an outage keeps it for a later try.
   */
  function refresh(stale?: string): Promise<RefreshResult> {
    return serialised(async (): Promise<RefreshResult> => {
      const current = read();
      if (!current) return { ok: false, status: null, error: "No tokens are stored: sign in.", signedOut: true };
      if (stale !== undefined && current.accessToken !== stale) return { ok: true, tokens: current, spent: null };
      const answer = await request<TokenPair>("POST", "/api/bearer/refresh", {
        json: { refreshToken: current.refreshToken },
      });
      if (answer.ok) {
        const tokens = { accessToken: answer.body.accessToken, refreshToken: answer.body.refreshToken };
        replace(current, tokens);
        return { ok: true, tokens, spent: current.refreshToken };
      }
      const signedOut = answer.status === 400 || answer.status === 401;
      if (signedOut) replace(current, null);
      return { ok: false, status: answer.status, error: errorOf(answer.body), signedOut };
    });
  }

  /** A request with the stored access token; if it is refused (401), one refresh and one retry, unless `refresh: false`. */
  async function authorised<T>(path: string, { refresh: renew = true } = {}): Promise<Answer<T>> {
    const tokens = read();
    if (!tokens) return { ok: false, status: null, body: { error: "No tokens are stored: sign in." } };
    const first = await request<T>("GET", path, { accessToken: tokens.accessToken });
    if (first.status !== 401 || !renew) return first;
    const renewed = await refresh(tokens.accessToken);
    return renewed.ok ? request<T>("GET", path, { accessToken: renewed.tokens.accessToken }) : first;
  }

  /** GET /api/bearer/me: who the stored access token names and when it expires, as the server verified it. */
  function me(options?: { refresh?: boolean }): Promise<Answer<BearerMe>> {
    return authorised<BearerMe>("/api/bearer/me", options);
  }

  /** GET /api/bearer/tokens: what the server stores about this account's bearer sign-ins. */
  function serverState(options?: { refresh?: boolean }): Promise<Answer<BearerServerState>> {
    return authorised<BearerServerState>("/api/bearer/tokens", options);
  }

  /**
   * POST /api/bearer/logout with the refresh token (the server revokes its family), then removes the pair —
   * whatever the answer: signing out of this browser always works. Returns the pair that was stored.
   */
  function signOut(): Promise<{ revoked: boolean; tokens: StoredTokens | null }> {
    return serialised(async () => {
      const current = read();
      if (!current) return { revoked: false, tokens: null };
      const answer = await request("POST", "/api/bearer/logout", { json: { refreshToken: current.refreshToken } });
      write(null);
      return { revoked: answer.ok, tokens: current };
    });
  }

  return { read, subscribe, observe, request, signIn, refresh, me, serverState, signOut };
}

let browserClient: BearerClient | undefined;

/** This page's client, over localStorage, navigator.locks and fetch. Call it in the browser only. */
export function bearerClient(): BearerClient {
  browserClient ??= createBearerClient({
    storage: window.localStorage,
    locks: navigator.locks as Locks | undefined,
    fetch: (url, init) => window.fetch(url, init),
    onOtherTab: (listener) => {
      const onStorage = (event: StorageEvent) => {
        if (event.key === null || event.key === ACCESS_KEY || event.key === REFRESH_KEY) listener();
      };
      window.addEventListener("storage", onStorage);
      return () => window.removeEventListener("storage", onStorage);
    },
  });
  return browserClient;
}
