import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { isDatabaseUnavailable } from "@/lib/server/outage";
import { currentSession, describeSession, type SessionDescription } from "@/lib/session";
import { Countdown } from "./countdown";
import { DeviceList, SignOutButton } from "./controls";
import { formatSeconds, formatTime } from "./format";
import { ColouredSeal, SealLegend } from "./seal-parts";

export const metadata: Metadata = { title: "Session area" };

/**
 * /session: what the server stores next to what the browser stores, for the signed-in session. Protected
 * here (not in the proxy); dynamic because it reads cookies, so Next.js answers it with Cache-Control: no-store.
 */
export default async function SessionPage() {
  let description: SessionDescription;
  const now = new Date();
  try {
    const read = await currentSession();
    if (read.status !== "signed-in") {
      redirect(read.reason === "no-cookie" ? "/session/login?next=/session" : "/session/login?next=/session&ended=1");
    }
    description = await describeSession(read, now);
  } catch (error) {
    if (isDatabaseUnavailable(error)) return <Unavailable />;
    throw error;
  }
  const { user, server, browser } = description;
  const serverNow = now.toISOString();

  return (
    <div className="space-y-8">
      <section className="flex flex-col gap-4 sm:flex-row sm:items-start sm:justify-between">
        <div>
          <p className="text-sm font-semibold uppercase tracking-wide text-session-700">Session area</p>
          <h1 className="mt-1 text-2xl font-bold tracking-tight sm:text-3xl">Your server-side session</h1>
          <p className="mt-2 max-w-2xl text-slate-600">
            Signed in as <strong data-testid="session-user">{user.name}</strong>{" "}
            <span className="text-slate-500">({user.email})</span>. The server keeps the state; this browser keeps a
            sealed random secret that points at it.
          </p>
        </div>
        <SignOutButton />
      </section>

      <section aria-label="Summary" className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <Stat label="This session ends">
          <Countdown to={server.current.endsAt.toISOString()} serverNow={serverNow} />
          <span className="block text-xs font-normal text-slate-500">by {server.current.endsBy}; use moves it</span>
        </Stat>
        <Stat label="Idle timeout">
          {formatSeconds(server.timeouts.idleSeconds)}
          <span className="block text-xs font-normal text-slate-500">sliding, renewed at most once a minute</span>
        </Stat>
        <Stat label="Absolute lifetime">
          {formatSeconds(server.timeouts.absoluteSeconds)}
          <span className="block text-xs font-normal text-slate-500">
            ends {formatTime(server.current.absoluteExpiresAt)}
          </span>
        </Stat>
        <Stat label="Cost per request">
          1 query
          <span className="block text-xs font-normal text-slate-500">unseal → SHA-256 → primary-key lookup</span>
        </Stat>
      </section>

      <div className="grid gap-6 lg:grid-cols-2">
        <section aria-labelledby="server-heading" className="card min-w-0 border-t-4 border-t-session-500">
          <h2 id="server-heading" className="text-lg font-semibold text-session-700">
            What the server stores
          </h2>
          <Notes
            items={[
              ["Stateful", "Your sign-in is a row in Postgres. Every request reads it: one primary-key lookup."],
              [
                "Server-controlled",
                "Delete the row and the cookie is worthless on the very next request — sign-out, revoking a device and a password change are instant.",
              ],
              [
                "Needs a shared store",
                "Every app instance must reach the same database; that is the price of being able to revoke.",
              ],
              [
                "Hashed id",
                "The id is SHA-256 of the secret in your cookie, so a leaked table contains no usable session.",
              ],
            ]}
          />
          <h3 className="mt-5 text-sm font-semibold text-slate-800">This session&apos;s row, as stored</h3>
          <p className="text-xs text-slate-500">
            Table <code className="font-mono">sessions</code>, one row per signed-in device.
          </p>
          <dl
            className="mt-2 divide-y divide-slate-100 rounded-lg border border-slate-200 font-mono text-xs"
            data-testid="session-row"
          >
            <Column
              name="id"
              value={`${server.current.idPrefix}…`}
              testId="session-row-id"
              note="SHA-256(secret), 64 hex"
            />
            <Column name="user_id" value={user.id} />
            <Column name="created_at" value={formatTime(server.current.createdAt)} />
            <Column
              name="last_seen_at"
              value={formatTime(server.current.lastSeenAt)}
              note="written at most once a minute"
            />
            <Column name="idle_expires_at" value={formatTime(server.current.idleExpiresAt)} />
            <Column name="absolute_expires_at" value={formatTime(server.current.absoluteExpiresAt)} />
            <Column name="user_agent" value={server.current.userAgent ?? "NULL"} />
            <Column name="ip" value={server.current.ip ?? "NULL"} />
          </dl>
          <h3 className="mt-5 text-sm font-semibold text-slate-800">The lookup on every request</h3>
          <pre className="code mt-2">{server.lookupSql}</pre>
        </section>

        <section aria-labelledby="browser-heading" className="card min-w-0 border-t-4 border-t-slate-400">
          <h2 id="browser-heading" className="text-lg font-semibold text-slate-800">
            What the browser stores
          </h2>
          <Notes
            items={[
              [
                "Only a pointer",
                "One cookie holding a sealed 256-bit random secret: no name, no roles, no claims to go stale.",
              ],
              [
                "CSRF exposure",
                "The browser attaches this cookie by itself, so another site could try to make you send it. SameSite=Lax keeps it off cross-site POSTs and fetches, and every state-changing request here must also carry our exact Origin or it is refused (403).",
              ],
              [
                "HttpOnly",
                "Scripts cannot read this cookie. This page shows its value only because the server rendered it for you — a teaching aid, never do this with a real credential.",
              ],
            ]}
          />
          <h3 className="mt-5 text-sm font-semibold text-slate-800">The cookie</h3>
          <dl className="mt-2 divide-y divide-slate-100 rounded-lg border border-slate-200 text-sm">
            <div className="grid gap-1 px-3 py-2 sm:grid-cols-[7rem_1fr]">
              <dt className="font-medium text-slate-800">Name</dt>
              <dd className="font-mono text-xs" data-testid="cookie-name">
                {browser.cookieName}
              </dd>
            </div>
            {browser.attributes.map((a) => (
              <div
                key={a.name}
                className="grid gap-1 px-3 py-2 sm:grid-cols-[7rem_1fr]"
                data-testid={`cookie-attr-${a.name}`}
              >
                <dt className="font-medium text-slate-800">{a.name}</dt>
                <dd>
                  <span className="font-mono text-xs">{a.value}</span>
                  <p className="text-xs text-slate-500">{a.why}</p>
                </dd>
              </div>
            ))}
          </dl>
          <SizeBar bytes={browser.cookieBytes} limit={browser.limit} />

          <h3 className="mt-5 text-sm font-semibold text-slate-800">The raw value: an iron-session seal (Fe26.2)</h3>
          <ColouredSeal seal={browser.seal} parsed={browser.parsed} />
          {browser.parsed && (
            <div className="mt-3">
              <SealLegend parsed={browser.parsed} />
            </div>
          )}

          <h3 className="mt-5 text-sm font-semibold text-slate-800">Unsealed with SESSION_SECRET</h3>
          <pre className="code mt-2" data-testid="unsealed-content">
            {browser.content}
          </pre>
          <p className="mt-2 text-xs text-slate-600">
            SHA-256 of that secret:{" "}
            <code className="break-all font-mono" data-testid="secret-hash">
              {browser.secretHash}
            </code>{" "}
            {browser.hashMatchesRow ? (
              <span className="badge bg-emerald-100 text-emerald-800">= the row id</span>
            ) : (
              <span className="badge bg-red-100 text-red-800">does not match</span>
            )}
          </p>
        </section>
      </div>

      <section aria-labelledby="devices-heading" className="card">
        <h2 id="devices-heading" className="text-lg font-semibold text-session-700">
          Devices
        </h2>
        <p className="mt-1 text-sm text-slate-600">
          Every row of yours in <code className="font-mono">sessions</code>. Revoking deletes the row; that browser is
          signed out on its very next request, on every app instance.
        </p>
        <div className="mt-4">
          <DeviceList
            serverNow={serverNow}
            devices={server.rows.map((r) => ({
              id: r.id,
              idPrefix: r.idPrefix,
              isCurrent: r.isCurrent,
              device: r.device,
              userAgent: r.userAgent,
              ip: r.ip,
              createdAt: r.createdAt.toISOString(),
              lastSeenAt: r.lastSeenAt.toISOString(),
              endsAt: r.endsAt.toISOString(),
              endsBy: r.endsBy,
            }))}
          />
        </div>
      </section>

      <section aria-labelledby="log-heading" className="card">
        <h2 id="log-heading" className="text-lg font-semibold text-session-700">
          Lifecycle log
        </h2>
        <p className="mt-1 text-sm text-slate-600">
          Rows of <code className="font-mono">auth_events</code> for this area, newest first: sign-ins, failed attempts,
          renewals, sign-outs, revocations and expiries.
        </p>
        {server.events.length === 0 ? (
          <p className="mt-4 text-sm text-slate-500">Nothing logged yet.</p>
        ) : (
          <ol className="mt-4 divide-y divide-slate-100" data-testid="event-log">
            {server.events.map((e) => (
              <li
                key={e.id}
                className="grid gap-1 py-2 sm:grid-cols-[11rem_8rem_1fr]"
                data-testid="event"
                data-type={e.type}
              >
                <time dateTime={e.createdAt.toISOString()} className="text-xs tabular-nums text-slate-500">
                  {formatTime(e.createdAt)}
                </time>
                <span>
                  <span className={`badge ${EVENT_STYLES[e.type] ?? "bg-slate-100 text-slate-700"}`}>{e.type}</span>
                </span>
                <span className="text-sm text-slate-700">
                  {e.count > 1 && (
                    <strong className="mr-1" data-testid="renewal-count">
                      ×{e.count} since {formatTime(e.firstAt)}.
                    </strong>
                  )}
                  {e.detail ?? ""}
                  {(e.device || e.ip) && (
                    <span className="block text-xs text-slate-500">{[e.device, e.ip].filter(Boolean).join(" · ")}</span>
                  )}
                </span>
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}

const EVENT_STYLES: Record<string, string> = {
  "sign-in": "bg-emerald-100 text-emerald-800",
  "sign-in-failed": "bg-red-100 text-red-800",
  renewal: "bg-session-100 text-session-900",
  "sign-out": "bg-slate-200 text-slate-800",
  revocation: "bg-amber-100 text-amber-900",
  expired: "bg-slate-100 text-slate-600",
};

function Stat({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="card p-4">
      <p className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</p>
      <p className="mt-1 text-lg font-semibold text-slate-900">{children}</p>
    </div>
  );
}

function Notes({ items }: { items: Array<[string, string]> }) {
  return (
    <ul className="mt-3 space-y-2 rounded-lg bg-slate-50 p-3 text-sm text-slate-700">
      {items.map(([title, text]) => (
        <li key={title}>
          <strong className="text-slate-900">{title}.</strong> {text}
        </li>
      ))}
    </ul>
  );
}

function Column({ name, value, note, testId }: { name: string; value: string; note?: string; testId?: string }) {
  return (
    <div className="grid gap-1 px-3 py-2 sm:grid-cols-[10rem_1fr]">
      <dt className="text-slate-500">{name}</dt>
      <dd className="min-w-0 break-all text-slate-900">
        <span data-testid={testId}>{value}</span>
        {note && <span className="ml-2 font-sans text-slate-500">— {note}</span>}
      </dd>
    </div>
  );
}

function SizeBar({ bytes, limit }: { bytes: number; limit: number }) {
  const percent = Math.min(100, (bytes / limit) * 100);
  return (
    <div className="mt-3">
      <div className="flex justify-between text-xs text-slate-600">
        <span>
          Size: <strong data-testid="cookie-bytes">{bytes}</strong> bytes (name + value)
        </span>
        <span>limit {limit}</span>
      </div>
      <div
        className="mt-1 h-2 overflow-hidden rounded-full bg-slate-100"
        role="meter"
        aria-label="Cookie size against the 4096-byte limit"
        aria-valuemin={0}
        aria-valuemax={limit}
        aria-valuenow={bytes}
      >
        <div className="h-full rounded-full bg-session-500" style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}

function Unavailable() {
  return (
    <div role="alert" className="card border-red-200 bg-red-50 text-red-800">
      <h1 className="text-lg font-semibold">The database is unavailable</h1>
      <p className="mt-1 text-sm">
        Sessions live in the database, so without it nobody can be recognised (the app fails closed). Try again in a
        moment.
      </p>
    </div>
  );
}
