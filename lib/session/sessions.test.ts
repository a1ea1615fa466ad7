import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db, prisma } from "@/lib/server/db";
import { withQueryCount } from "@/lib/server/query-count";
import { createSession } from "@/lib/session/create";
import type { CookieAttributes, SessionContext } from "@/lib/session/internal/cookie";
import { describeSession } from "@/lib/session/describe";
import { readSession, resolveSession, type SignedInSession } from "@/lib/session/read";
import { revokeAllSessions, revokeDevice, revokeSession } from "@/lib/session/revoke";
import { sealSecret, unsealSecret } from "@/lib/session/internal/seal";
import { sealExpiresAt } from "@/lib/session/internal/seal-format";
import { hashSecret } from "@/lib/session/internal/secret";

/**
 * The session area against a real database (a fresh PGlite, or Postgres when DATABASE_URL is set). The only
 * stand-in is the cookie jar: outside a Next.js request there is no `cookies()`, so these tests hand the code
 * a plain one — the same interface — and look at what it wrote.
 */

type Write = { name: string; value: string; attributes: CookieAttributes };

function jar(initial: Record<string, string> = {}, { readOnly = false } = {}) {
  const values = new Map(Object.entries(initial));
  const writes: Write[] = [];
  return {
    writes,
    values,
    get: (name: string) => (values.has(name) ? { value: values.get(name)! } : undefined),
    set(name: string, value: string, attributes: CookieAttributes) {
      if (readOnly) throw new Error("Cookies can only be modified in a Server Action or Route Handler.");
      writes.push({ name, value, attributes });
      if (attributes.maxAge === 0) values.delete(name);
      else values.set(name, value);
    },
  };
}
type Jar = ReturnType<typeof jar>;

const client = { ip: "203.0.113.7", userAgent: "Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0.0.0 Safari/537.36" };
const context = (j: Jar, https = false): SessionContext => ({ jar: j, https, client });

async function newUser() {
  return (await prisma()).user.create({
    data: { email: `session-${randomUUID()}@example.com`, name: "Session Tester", passwordHash: "not-a-real-hash" },
  });
}

async function signedIn() {
  const user = await newUser();
  const j = jar();
  const created = await createSession(user, {}, context(j));
  return { user, jar: j, created, seal: j.values.get("svt_session")! };
}

async function sql<T = Record<string, unknown>>(text: string, values: unknown[]) {
  return (await db()).sql<T>(text, values);
}

async function events(userId: string, type: string) {
  return (await prisma()).authEvent.findMany({ where: { userId, area: "session", type } });
}

beforeAll(async () => {
  await db();
});

describe("createSession", () => {
  it("stores SHA-256 of the cookie's secret as the row id, and never the secret", async () => {
    const { user, jar: j, created, seal } = await signedIn();
    const unsealed = await unsealSecret(seal);
    if (!unsealed.ok) throw new Error("the cookie does not unseal");
    const { secret } = unsealed.content;
    expect(created.id).toBe(hashSecret(secret));
    const rows = await sql(`SELECT * FROM sessions WHERE user_id = $1`, [user.id]);
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(secret);
    expect(rows[0]).toMatchObject({ id: created.id, ip: client.ip, user_agent: client.userAgent });
    expect(j.writes).toHaveLength(1);
    expect(await events(user.id, "sign-in")).toHaveLength(1);
  });

  it("sets an HttpOnly, SameSite=Lax, Path=/ cookie that lives exactly as long as the row", async () => {
    const { jar: j, created } = await signedIn();
    const { name, attributes } = j.writes[0]!;
    expect(name).toBe("svt_session");
    expect(attributes).toMatchObject({ httpOnly: true, sameSite: "lax", path: "/", secure: false });
    const rowEnd = created.session.idleExpiresAt.getTime();
    expect(attributes.maxAge).toBe(Math.floor((rowEnd - created.session.createdAt.getTime()) / 1000));
    expect(attributes.expires.getTime()).toBeLessThanOrEqual(rowEnd);
    expect(sealExpiresAt(j.writes[0]!.value)!).toBeLessThanOrEqual(rowEnd + 1000);
  });

  it("uses Secure and the __Host- name over https", async () => {
    const user = await newUser();
    const j = jar();
    await createSession(user, {}, context(j, true));
    expect(j.writes[0]!.name).toBe("__Host-svt_session");
    expect(j.writes[0]!.attributes.secure).toBe(true);
    // …and reads it back under that name only.
    expect((await resolveSession(context(j, true))).status).toBe("signed-in");
    expect((await resolveSession(context(jar({ svt_session: j.writes[0]!.value }), true))).status).toBe("signed-out");
  });

  it("never promotes a cookie from before sign-in: the old session ends and a new secret is issued", async () => {
    const attacker = await signedIn();
    const victim = await newUser();
    // The attacker's own valid cookie, planted in the victim's browser.
    const victimJar = jar({ svt_session: attacker.seal });
    await createSession(victim, {}, context(victimJar));
    const fresh = victimJar.values.get("svt_session")!;
    expect(fresh).not.toBe(attacker.seal);
    const asVictim = await readSession(context(victimJar));
    expect(asVictim?.user.id).toBe(victim.id);
    const planted = await resolveSession(context(jar({ svt_session: attacker.seal })));
    expect(planted).toEqual({ status: "signed-out", reason: "unknown" });
    expect(await events(attacker.user.id, "sign-out")).toHaveLength(1);
  });

  it("starts a new session at every sign-in, even on the same browser", async () => {
    const { user, jar: j, seal } = await signedIn();
    await createSession(user, {}, context(j));
    expect(j.values.get("svt_session")).not.toBe(seal);
    expect((await resolveSession(context(jar({ svt_session: seal })))).status).toBe("signed-out");
    expect(await sql(`SELECT id FROM sessions WHERE user_id = $1`, [user.id])).toHaveLength(1);
  });

  it("signs in over a garbage cookie", async () => {
    const user = await newUser();
    const j = jar({ svt_session: "Fe26.2**" });
    await createSession(user, {}, context(j));
    expect((await readSession(context(j)))?.user.id).toBe(user.id);
  });
});

describe("resolveSession", () => {
  it("finds the user with one query when nothing needs writing", async () => {
    const { user, jar: j } = await signedIn();
    const { result: read, queries } = await withQueryCount(() => resolveSession(context(j)));
    expect(queries).toBe(1);
    expect(read.status === "signed-in" && read.user).toMatchObject({ id: user.id, email: user.email });
    expect(j.writes).toHaveLength(1); // only the sign-in
  });

  it("is signed out without a cookie, and touches nothing", async () => {
    const j = jar();
    expect(await resolveSession(context(j))).toEqual({ status: "signed-out", reason: "no-cookie" });
    expect(j.writes).toHaveLength(0);
  });

  for (const [label, value] of [
    ["Fe26.2**", "Fe26.2**"],
    ["5000 × A", "A".repeat(5000)],
    ["a wrong prefix", "Fe26.1*1*a*b*c*1*d*e~2"],
    ["a non-numeric expiry", "Fe26.2*1*a*b*c*soon*d*e~2"],
  ]) {
    it(`treats ${label} as signed out, clears it, and never asks the database`, async () => {
      const j = jar({ svt_session: value! });
      const { result, queries } = await withQueryCount(() => resolveSession(context(j)));
      expect(result).toEqual({ status: "signed-out", reason: "invalid" });
      expect(queries).toBe(0);
      expect(j.writes).toEqual([
        expect.objectContaining({ name: "svt_session", value: "", attributes: expect.objectContaining({ maxAge: 0 }) }),
      ]);
    });
  }

  it("refuses a tampered seal of a live session", async () => {
    const { seal } = await signedIn();
    const [body, version] = seal.split("~");
    const tampered = `${body!.slice(0, -2)}${body!.endsWith("AA") ? "BB" : "AA"}~${version}`;
    expect(await resolveSession(context(jar({ svt_session: tampered })))).toMatchObject({ reason: "invalid" });
  });

  it("refuses a valid seal of a secret that has no row", async () => {
    const seal = await sealSecret("A".repeat(43), 600);
    expect(await resolveSession(context(jar({ svt_session: seal })))).toEqual({
      status: "signed-out",
      reason: "unknown",
    });
  });

  for (const column of ["idle_expires_at", "absolute_expires_at"]) {
    it(`rejects a row past its ${column} even though the seal is valid, deletes it and logs it`, async () => {
      const { user, jar: j, created } = await signedIn();
      await sql(`UPDATE sessions SET ${column} = $2 WHERE id = $1`, [created.id, new Date(Date.now() - 1000)]);
      expect(await resolveSession(context(j))).toEqual({ status: "signed-out", reason: "expired" });
      expect(await sql(`SELECT id FROM sessions WHERE id = $1`, [created.id])).toHaveLength(0);
      expect(j.writes.at(-1)!.attributes.maxAge).toBe(0);
      const [event] = await events(user.id, "expired");
      expect(event?.detail).toMatch(column === "idle_expires_at" ? /Idle timeout/ : /Absolute lifetime/);
    });
  }

  it("renews at most once a minute: one write, one renewal event, a re-issued cookie", async () => {
    const { user, jar: j, created } = await signedIn();
    const twoMinutesAgo = new Date(Date.now() - 120_000);
    await sql(`UPDATE sessions SET last_seen_at = $2, idle_expires_at = $3 WHERE id = $1`, [
      created.id,
      twoMinutesAgo,
      new Date(created.session.idleExpiresAt.getTime() - 120_000),
    ]);
    const reads = await Promise.all(Array.from({ length: 5 }, () => resolveSession(context(j))));
    expect(reads.filter((r) => r.status === "signed-in" && r.renewed)).toHaveLength(1);
    expect(await events(user.id, "renewal")).toHaveLength(1);
    const [row] = await sql<{ last_seen_at: Date; idle_expires_at: Date }>(
      `SELECT last_seen_at, idle_expires_at FROM sessions WHERE id = $1`,
      [created.id],
    );
    expect(new Date(row!.last_seen_at).getTime()).toBeGreaterThan(twoMinutesAgo.getTime() + 60_000);
    expect(new Date(row!.idle_expires_at).getTime()).toBeGreaterThan(created.session.idleExpiresAt.getTime() - 1000);
    // The renewing request re-issued the cookie (a new seal of the same secret) with the row's new lifetime.
    expect(j.writes).toHaveLength(2);
    const reissued = j.writes[1]!;
    expect(reissued.value).not.toBe(j.writes[0]!.value);
    expect(await unsealSecret(reissued.value)).toEqual(await unsealSecret(j.writes[0]!.value));
    // Straight after, nothing is written.
    const again = await resolveSession(context(j));
    expect(again.status === "signed-in" && again.renewed).toBe(false);
    expect(await events(user.id, "renewal")).toHaveLength(1);
  });

  it("renews during a render that cannot set cookies, and the next response catches the cookie up", async () => {
    const { created, seal } = await signedIn();
    await sql(`UPDATE sessions SET last_seen_at = $2 WHERE id = $1`, [created.id, new Date(Date.now() - 120_000)]);
    const unsealed = await unsealSecret(seal);
    if (!unsealed.ok) throw new Error("unseal");
    // A cookie issued earlier, which the browser will drop in an hour while the row lives for days.
    const shortSeal = await sealSecret(unsealed.content.secret, 3600);
    const rsc = jar({ svt_session: shortSeal }, { readOnly: true });
    const read = await resolveSession(context(rsc));
    expect(read.status === "signed-in" && read.renewed).toBe(true);
    const handler = jar({ svt_session: shortSeal });
    await resolveSession(context(handler));
    expect(handler.writes).toHaveLength(1);
    expect(handler.writes[0]!.attributes.maxAge).toBeGreaterThan(6 * 86_400);
  });

  it("hands a client that keeps the lagging cookie the same re-issued seal, not a new one each time", async () => {
    const { created, seal } = await signedIn();
    const unsealed = await unsealSecret(seal);
    if (!unsealed.ok) throw new Error("unseal");
    const shortSeal = await sealSecret(unsealed.content.secret, 3600);
    const first = jar({ svt_session: shortSeal });
    const second = jar({ svt_session: shortSeal });
    await resolveSession(context(first));
    await resolveSession(context(second));
    expect(first.writes).toHaveLength(1);
    expect(second.writes).toHaveLength(1);
    expect(second.writes[0]!.value).toBe(first.writes[0]!.value);
    expect(await unsealSecret(first.writes[0]!.value)).toEqual(unsealed);
    // Reissuing never outlives the row: once it is gone, the lagging cookie is refused like any other.
    await sql(`DELETE FROM sessions WHERE id = $1`, [created.id]);
    expect((await resolveSession(context(jar({ svt_session: shortSeal })))).status).toBe("signed-out");
  });
});

describe("revoking", () => {
  it("signs this browser out: row deleted, cookie expired, a replayed copy refused", async () => {
    const { user, jar: j, created, seal } = await signedIn();
    expect(await revokeSession(context(j))).toEqual({ userId: user.id });
    expect(j.writes.at(-1)!.attributes.maxAge).toBe(0);
    expect(await sql(`SELECT id FROM sessions WHERE id = $1`, [created.id])).toHaveLength(0);
    expect(await resolveSession(context(jar({ svt_session: seal })))).toEqual({
      status: "signed-out",
      reason: "unknown",
    });
    expect(await events(user.id, "sign-out")).toHaveLength(1);
    // Signing out again, or with garbage, is harmless.
    expect(await revokeSession(context(jar({ svt_session: seal })))).toBeNull();
    expect(await revokeSession(context(jar({ svt_session: "A".repeat(5000) })))).toBeNull();
  });

  it("revokes one device of the user, never another user's", async () => {
    const a = await signedIn();
    const second = jar();
    await createSession(a.user, {}, context(second));
    const other = await signedIn();
    expect(await revokeDevice(a.user.id, other.created.id)).toBe(false);
    expect((await readSession(context(other.jar)))?.user.id).toBe(other.user.id);
    expect(await revokeDevice(a.user.id, "not-a-hash")).toBe(false);
    expect(await revokeDevice(a.user.id, a.created.id)).toBe(true);
    expect(await readSession(context(a.jar))).toBeNull();
    expect(await readSession(context(second))).not.toBeNull();
    expect(await revokeDevice(a.user.id, a.created.id)).toBe(false);
  });

  it("signs out everywhere else, keeping only the current session", async () => {
    const a = await signedIn();
    const others = [jar(), jar(), jar()];
    for (const j of others) await createSession(a.user, {}, context(j));
    expect(await revokeAllSessions(a.user.id, { except: a.created.id })).toBe(3);
    for (const j of others) expect(await readSession(context(j))).toBeNull();
    expect(await readSession(context(a.jar))).not.toBeNull();
    expect(await revokeAllSessions(a.user.id)).toBe(1);
    expect(await readSession(context(a.jar))).toBeNull();
  });
});

describe("describeSession", () => {
  it("shows the row, the labelled seal and the unsealed secret whose hash is the row id", async () => {
    const { user, jar: j, created, seal } = await signedIn();
    const read = (await readSession(context(j))) as SignedInSession;
    const d = await describeSession(read);
    expect(d.server.current).toMatchObject({ id: created.id, isCurrent: true, idPrefix: created.id.slice(0, 12) });
    expect(d.server.rows.map((r) => r.id)).toEqual([created.id]);
    expect(d.server.events.map((e) => e.type)).toContain("sign-in");
    expect(d.browser).toMatchObject({ cookieName: "svt_session", seal, hashMatchesRow: true, limit: 4096 });
    expect(d.browser.cookieBytes).toBe(Buffer.byteLength(`svt_session=${seal}`));
    expect(d.browser.parsed?.parts).toHaveLength(9);
    expect(JSON.parse(d.browser.content)).toEqual({ secret: read.cookie.secret });
    expect(d.user.id).toBe(user.id);
  });
});
