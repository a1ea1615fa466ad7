import "server-only";

/**
 * A bounded map whose entries expire: when it is full the least recently used entry goes, and an entry is
 * never returned at or after its expiry (it is dropped instead, so a later clock cannot revive it). The caches
 * of credentials this process has already verified are built on it: seals (lib/session/internal/unseal-cache.ts),
 * next-auth cookies (lib/token/jwt/internal/decode-cache.ts) and bearer tokens (lib/token/bearer/internal/verify-cache.ts).
 *
 * The map lives on globalThis under `name`: Next.js may load a module once per route bundle, and every route
 * should see what any of them verified.
 */
export type ExpiringCache<V> = {
  get(key: string, now?: number): V | undefined;
  /** Stores `value` until `expiresAt` (epoch ms); nothing is stored when that is not in the future. */
  set(key: string, value: V, expiresAt: number, now?: number): void;
  delete(key: string): void;
  clear(): void;
  readonly size: number;
};

type Entry<V> = { value: V; expiresAt: number };

export function expiringCache<V>(name: string, maxEntries: number): ExpiringCache<V> {
  const holder = globalThis as unknown as Record<string, Map<string, Entry<V>> | undefined>;
  const entries = (holder[name] ??= new Map<string, Entry<V>>());
  return {
    get(key, now = Date.now()) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      entries.delete(key);
      if (now >= entry.expiresAt) return undefined;
      entries.set(key, entry); // most recently used last
      return entry.value;
    },
    set(key, value, expiresAt, now = Date.now()) {
      if (!(expiresAt > now)) return;
      entries.delete(key);
      entries.set(key, { value, expiresAt });
      while (entries.size > maxEntries) {
        const oldest = entries.keys().next().value;
        if (oldest === undefined) break;
        entries.delete(oldest);
      }
    },
    delete: (key) => void entries.delete(key),
    clear: () => entries.clear(),
    get size() {
      return entries.size;
    },
  };
}
