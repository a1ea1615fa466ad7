import { describe, expect, it } from "vitest";
import {
  ACCESS_KEY,
  createBearerClient,
  REFRESH_KEY,
  REFRESH_LOCK,
  type BrowserParts,
  type Locks,
} from "@/lib/token/bearer/client";

/**
 * The browser client against stand-ins for the browser: an in-memory Storage, a Web Locks manager that grants one
 * holder at a time per name (as navigator.locks does across tabs), and a fetch that answers like the bearer API —
 * rotating refresh tokens, refusing a spent one with 401, and slow enough that concurrent callers overlap.
 */

class MemoryStorage implements Storage {
  private items = new Map<string, string>();
  get length() {
    return this.items.size;
  }
  clear() {
    this.items.clear();
  }
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  key(index: number) {
    return [...this.items.keys()][index] ?? null;
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
  setItem(key: string, value: string) {
    this.items.set(key, String(value));
  }
}

/** Exclusive locks by name, granted in request order; records every request. */
class FakeLocks implements Locks {
  requested: string[] = [];
  private tails = new Map<string, Promise<unknown>>();
  request<T>(name: string, callback: () => Promise<T>): Promise<T> {
    this.requested.push(name);
    const previous = this.tails.get(name) ?? Promise.resolve();
    const run = previous.then(() => callback());
    this.tails.set(
      name,
      run.catch(() => undefined),
    );
    return run;
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The bearer API in miniature: access tokens are opaque names, refresh tokens rotate and are spent once. */
class FakeApi {
  calls: Array<{ method: string; path: string; authorization: string | null; body: unknown }> = [];
  validAccess = new Set<string>();
  liveRefresh = new Set<string>();
  private serial = 0;

  /** Signs in "alice": a live pair, as POST /api/bearer/login would issue it. */
  issue() {
    this.serial += 1;
    const pair = { accessToken: `access-${this.serial}`, refreshToken: `refresh-${this.serial}` };
    this.validAccess.add(pair.accessToken);
    this.liveRefresh.add(pair.refreshToken);
    return pair;
  }

  /** The access token has expired: the API refuses it from now on. */
  expire(accessToken: string) {
    this.validAccess.delete(accessToken);
  }

  count(path: string) {
    return this.calls.filter((call) => call.path === path).length;
  }

  fetch: BrowserParts["fetch"] = async (url, init) => {
    const headers = new Headers(init.headers);
    const body = typeof init.body === "string" ? JSON.parse(init.body) : null;
    const method = init.method ?? "GET";
    this.calls.push({ method, path: url, authorization: headers.get("authorization"), body });
    const json = (status: number, value: unknown) => Response.json(value, { status });
    const bearer = headers.get("authorization")?.replace(/^Bearer /, "") ?? "";
    switch (`${method} ${url}`) {
      case "POST /api/bearer/login":
        return body.password === "right" ? json(200, { ...this.issue(), tokenType: "Bearer" }) : json(401, {});
      case "POST /api/bearer/refresh": {
        await pause(20); // a real round trip: concurrent callers overlap here
        if (!this.liveRefresh.delete(body.refreshToken)) {
          return json(401, { error: "This refresh token is not valid (already used, expired or revoked)." });
        }
        return json(200, { ...this.issue(), tokenType: "Bearer" });
      }
      case "POST /api/bearer/logout":
        this.liveRefresh.delete(body.refreshToken);
        return json(200, { signedOut: true });
      case "GET /api/bearer/me":
        await pause(5);
        return this.validAccess.has(bearer)
          ? json(200, { user: { id: "u1", name: "Alice", email: "alice@example.com" }, token: { bearer } })
          : json(401, { error: "The access token is invalid or expired." });
      default:
        return json(404, {});
    }
  };
}

function browser() {
  const storage = new MemoryStorage();
  const locks = new FakeLocks();
  const api = new FakeApi();
  /** A tab: its own client over the browser's shared storage and locks. */
  const tab = () => createBearerClient({ storage, locks, fetch: api.fetch });
  return { storage, locks, api, tab };
}

describe("the bearer browser client", () => {
  it("stores the pair under the two keys, and every client of the browser reads it from there", async () => {
    const { storage, tab } = browser();
    const client = tab();
    expect(client.read()).toBeNull();
    const answer = await client.signIn({ email: "alice@example.com", password: "right" });
    expect(answer.ok).toBe(true);
    expect(storage.length).toBe(2);
    expect(storage.getItem(ACCESS_KEY)).toBe("access-1");
    expect(storage.getItem(REFRESH_KEY)).toBe("refresh-1");
    expect(client.read()).toEqual({ accessToken: "access-1", refreshToken: "refresh-1" });
    // Another tab (or the home page's status) reads the same pair; the snapshot is stable until it changes.
    const other = tab();
    expect(other.read()).toEqual(client.read());
    expect(other.read()).toBe(other.read());
    storage.setItem(ACCESS_KEY, "written-elsewhere");
    expect(other.read()).toEqual({ accessToken: "written-elsewhere", refreshToken: "refresh-1" });
  });

  it("a refused sign-in stores nothing", async () => {
    const { storage, tab } = browser();
    const answer = await tab().signIn({ email: "alice@example.com", password: "wrong" });
    expect(answer).toMatchObject({ ok: false, status: 401 });
    expect(storage.length).toBe(0);
  });

  it("two concurrent calls with an expired access token cause one refresh, and both get the new token", async () => {
    const { api, locks, tab } = browser();
    const client = tab();
    await client.signIn({ email: "alice@example.com", password: "right" });
    api.expire("access-1");

    const [a, b] = await Promise.all([client.me(), client.me()]);

    expect(api.count("/api/bearer/refresh")).toBe(1);
    expect(a).toMatchObject({ ok: true, status: 200 });
    expect(b).toMatchObject({ ok: true, status: 200 });
    const retries = api.calls.filter((call) => call.path === "/api/bearer/me").slice(2);
    expect(retries.map((call) => call.authorization)).toEqual(["Bearer access-2", "Bearer access-2"]);
    expect(client.read()).toEqual({ accessToken: "access-2", refreshToken: "refresh-2" });
    expect(locks.requested).toEqual([REFRESH_LOCK, REFRESH_LOCK]);
  });

  it("two tabs refreshing at once spend the refresh token once (the Web Lock spans tabs)", async () => {
    const { api, storage, tab } = browser();
    const first = tab();
    await first.signIn({ email: "alice@example.com", password: "right" });
    const second = tab();
    api.expire("access-1");

    const [a, b] = await Promise.all([first.refresh("access-1"), second.refresh("access-1")]);

    expect(api.count("/api/bearer/refresh")).toBe(1);
    expect(a).toEqual({ ok: true, tokens: { accessToken: "access-2", refreshToken: "refresh-2" }, spent: "refresh-1" });
    expect(b).toEqual({ ok: true, tokens: { accessToken: "access-2", refreshToken: "refresh-2" }, spent: null });
    expect(storage.getItem(REFRESH_KEY)).toBe("refresh-2");
  });

  it("a 401 from the refresh endpoint removes the stored tokens and tells the subscribers", async () => {
    const { api, storage, tab } = browser();
    const client = tab();
    await client.signIn({ email: "alice@example.com", password: "right" });
    api.liveRefresh.clear(); // the family was revoked (a replay, sign out everywhere, a password change)
    let changes = 0;
    client.subscribe(() => (changes += 1));

    const result = await client.refresh();

    expect(result).toMatchObject({ ok: false, status: 401, signedOut: true });
    expect(result.ok || result.error).toContain("not valid");
    expect(storage.getItem(ACCESS_KEY)).toBeNull();
    expect(storage.getItem(REFRESH_KEY)).toBeNull();
    expect(client.read()).toBeNull();
    expect(changes).toBe(1);
  });

  it("an expired access token whose refresh is refused answers 401 and leaves the browser signed out", async () => {
    const { api, tab } = browser();
    const client = tab();
    await client.signIn({ email: "alice@example.com", password: "right" });
    api.expire("access-1");
    api.liveRefresh.clear();

    const answer = await client.me();

    expect(answer).toMatchObject({ ok: false, status: 401 });
    expect(client.read()).toBeNull();
  });

  it("sign-out posts the refresh token to /api/bearer/logout, under the lock, and clears the storage", async () => {
    const { api, locks, storage, tab } = browser();
    const client = tab();
    await client.signIn({ email: "alice@example.com", password: "right" });

    const result = await client.signOut();

    expect(api.calls.at(-1)).toEqual({
      method: "POST",
      path: "/api/bearer/logout",
      authorization: null,
      body: { refreshToken: "refresh-1" },
    });
    expect(result).toEqual({ revoked: true, tokens: { accessToken: "access-1", refreshToken: "refresh-1" } });
    expect(storage.length).toBe(0);
    expect(api.liveRefresh.size).toBe(0);
    expect(locks.requested).toEqual([REFRESH_LOCK]);
  });

  it("observers see every request, including the refresh a call makes on its own", async () => {
    const { api, tab } = browser();
    const client = tab();
    const seen: string[] = [];
    client.observe((exchange) => seen.push(`${exchange.method} ${exchange.path} ${exchange.status}`));
    await client.signIn({ email: "alice@example.com", password: "right" });
    api.expire("access-1");
    await client.me();
    expect(seen).toEqual([
      "POST /api/bearer/login 200",
      "GET /api/bearer/me 401",
      "POST /api/bearer/refresh 200",
      "GET /api/bearer/me 200",
    ]);
  });

  it("an unreachable server is an answer with status null, and the tokens are kept", async () => {
    const storage = new MemoryStorage();
    const client = createBearerClient({
      storage,
      fetch: () => Promise.reject(new TypeError("Failed to fetch")),
    });
    storage.setItem(ACCESS_KEY, "a");
    storage.setItem(REFRESH_KEY, "r");
    expect(await client.refresh()).toMatchObject({ ok: false, status: null, signedOut: false });
    expect(client.read()).toEqual({ accessToken: "a", refreshToken: "r" });
  });
});
