import "server-only";
import { userAgentFromString } from "next/server";
import { recentEvents } from "@/lib/accounts/audit-log";
import { COOKIE_BYTE_LIMIT, timeouts } from "@/lib/session/internal/config";
import type { SignedInSession } from "@/lib/session/read";
import { parseSeal, type ParsedSeal } from "@/lib/session/internal/seal-format";
import { hashSecret, idPrefix } from "@/lib/session/internal/secret";
import {
  countUserSessions,
  listUserSessions,
  LOOKUP_SQL as STORE_LOOKUP_SQL,
  type SessionRow,
} from "@/lib/session/internal/store";
import { endOf, type Timeouts } from "@/lib/session/internal/timeouts";

/**
 * Everything the /session page shows, side by side: what the server stores (the user's rows as stored, the
 * lifecycle log) and what the browser stores (the cookie, its seal taken apart, the unsealed content).
 */

export type RowView = {
  id: string;
  idPrefix: string;
  isCurrent: boolean;
  createdAt: Date;
  lastSeenAt: Date;
  idleExpiresAt: Date;
  absoluteExpiresAt: Date;
  endsAt: Date;
  endsBy: "idle timeout" | "absolute lifetime";
  device: string;
  userAgent: string | null;
  ip: string | null;
};

export type EventView = {
  id: string;
  type: string;
  detail: string | null;
  createdAt: Date;
  ip: string | null;
  device: string | null;
  /** Consecutive renewals are shown as one line: how many, and when the first of them was. */
  count: number;
  firstAt: Date;
};

/** `time`: the instant an attribute's value names, for the page to show in its own format. */
export type CookieAttributeView = { name: string; value: string; why: string; time?: Date };

export type SessionDescription = {
  user: { id: string; email: string; name: string };
  server: { current: RowView; rows: RowView[]; events: EventView[]; timeouts: Timeouts; lookupSql: string };
  browser: {
    cookieName: string;
    secure: boolean;
    attributes: CookieAttributeView[];
    /** Bytes of `name=value`, what browsers count against their 4096-byte limit. */
    cookieBytes: number;
    limit: number;
    seal: string;
    parsed: ParsedSeal | null;
    /** The unsealed content, exactly as it came out of the seal. */
    content: string;
    secretHash: string;
    hashMatchesRow: boolean;
  };
};

/**
 * The lookup every request makes, exactly as it is sent. $1 holds the row ids — SHA-256 of the cookies' secrets —
 * of the requests that arrived together: their lookups share one statement (lib/session/internal/lookup.ts).
 */
const LOOKUP_SQL = `${STORE_LOOKUP_SQL}
-- $1 = the SHA-256 of each concurrent request's cookie secret (one element when a request arrives alone)`;

export async function describeSession(current: SignedInSession, now = new Date()): Promise<SessionDescription> {
  const [rows, events] = await Promise.all([
    listUserSessions(current.user.id, now),
    recentEvents(current.user.id, "session", 40),
  ]);
  // This device first, then the others, most recently used first.
  const views = rows
    .map((row) => rowView(row, current.session.id))
    .sort((a, b) => Number(b.isCurrent) - Number(a.isCurrent));
  const currentView = views.find((v) => v.isCurrent) ?? rowView(current.session, current.session.id);
  const parsed = parseSeal(current.cookie.seal);
  const secure = current.cookie.name.startsWith("__Host-");
  const secretHash = hashSecret(current.cookie.secret);

  return {
    user: current.user,
    server: {
      current: currentView,
      rows: views,
      events: collapseRenewals(
        events.map((e) => ({
          id: e.id,
          type: e.type,
          detail: e.detail,
          createdAt: e.createdAt,
          ip: e.ip,
          device: e.userAgent ? deviceName(e.userAgent) : null,
          count: 1,
          firstAt: e.createdAt,
        })),
      ),
      timeouts: timeouts(),
      lookupSql: LOOKUP_SQL,
    },
    browser: {
      cookieName: current.cookie.name,
      secure,
      attributes: attributeViews(secure, parsed?.expiresAt ?? null),
      cookieBytes: Buffer.byteLength(`${current.cookie.name}=${current.cookie.seal}`),
      limit: COOKIE_BYTE_LIMIT,
      seal: current.cookie.seal,
      parsed,
      content: JSON.stringify({ secret: current.cookie.secret }),
      secretHash,
      hashMatchesRow: secretHash === current.session.id,
    },
  };
}

/** Events come newest first; a run of renewals becomes its newest entry with a count. */
export function collapseRenewals(events: EventView[]): EventView[] {
  const out: EventView[] = [];
  for (const event of events) {
    const last = out.at(-1);
    if (last && last.type === "renewal" && event.type === "renewal") {
      last.count += 1;
      last.firstAt = event.createdAt;
    } else {
      out.push({ ...event });
    }
  }
  return out;
}

function rowView(row: SessionRow, currentId: string): RowView {
  const endsAt = endOf(row);
  return {
    id: row.id,
    idPrefix: idPrefix(row.id),
    isCurrent: row.id === currentId,
    createdAt: row.createdAt,
    lastSeenAt: row.lastSeenAt,
    idleExpiresAt: row.idleExpiresAt,
    absoluteExpiresAt: row.absoluteExpiresAt,
    endsAt,
    endsBy: endsAt.getTime() === row.absoluteExpiresAt.getTime() ? "absolute lifetime" : "idle timeout",
    device: row.userAgent ? deviceName(row.userAgent) : "Unknown device",
    userAgent: row.userAgent,
    ip: row.ip,
  };
}

/** "Chrome 140 on Linux", or the raw agent's first words when it is not a browser we recognise. */
export function deviceName(userAgent: string): string {
  const ua = userAgentFromString(userAgent);
  const browser = [ua.browser.name, ua.browser.major].filter(Boolean).join(" ");
  const os = [ua.os.name, ua.os.version].filter(Boolean).join(" ");
  if (browser && os) return `${browser} on ${os}`;
  if (browser || os) return browser || os;
  return userAgent.slice(0, 40);
}

function attributeViews(secure: boolean, expiresAt: number | null): CookieAttributeView[] {
  return [
    { name: "HttpOnly", value: "yes", why: "Scripts on the page cannot read it, so an XSS bug cannot steal it." },
    {
      name: "SameSite",
      value: "Lax",
      why: "Not sent on cross-site POSTs, fetches or frames — only on top-level navigations (links).",
    },
    { name: "Path", value: "/", why: "Sent to every path of this origin." },
    {
      name: "Secure",
      value: secure ? "yes" : "no (plain http on localhost)",
      why: secure
        ? "Only ever sent over https; the __Host- prefix also forbids a Domain attribute."
        : "Browsers refuse Secure cookies over http, so on localhost the plain name is used; over https it is __Host-svt_session with Secure.",
    },
    {
      name: "Expires",
      value: expiresAt ? `${new Date(expiresAt).toISOString().slice(0, 19).replace("T", " ")} UTC` : "—",
      time: expiresAt ? new Date(expiresAt) : undefined,
      why: "Never later than the row: the idle expiry, capped by the absolute lifetime. The seal carries the same expiry.",
    },
  ];
}

/** A session row as the JSON endpoints show it: no id, only its prefix, and every time as ISO 8601. */
export function sessionSummary(row: SessionRow) {
  return {
    idPrefix: idPrefix(row.id),
    createdAt: row.createdAt.toISOString(),
    lastSeenAt: row.lastSeenAt.toISOString(),
    idleExpiresAt: row.idleExpiresAt.toISOString(),
    absoluteExpiresAt: row.absoluteExpiresAt.toISOString(),
    expiresAt: endOf(row).toISOString(),
  };
}

/** How many sessions of the account are live now, leaving out `exceptId` (this browser's row) when given. */
export function liveSessionCount(
  userId: string,
  { exceptId, now = new Date() }: { exceptId?: string; now?: Date } = {},
) {
  return countUserSessions(userId, now, exceptId);
}
