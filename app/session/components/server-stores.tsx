import { DateTime } from "@/components/ui/date-time";
import type { SessionDescription } from "@/lib/session";
import { Notes } from "./notes";

function Column({
  name,
  value,
  note,
  testId,
}: {
  name: string;
  value: React.ReactNode;
  note?: string;
  testId?: string;
}) {
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

/** What the server stores: this session's row exactly as stored, and the lookup every request makes. */
export function ServerStores({
  user,
  server,
  now,
}: {
  user: SessionDescription["user"];
  server: SessionDescription["server"];
  now: Date;
}) {
  const row = server.current;
  const time = (value: Date) => <DateTime value={value} now={now} seconds />;
  return (
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
        <Column name="id" value={`${row.idPrefix}…`} testId="session-row-id" note="SHA-256(secret), 64 hex" />
        <Column name="user_id" value={user.id} />
        <Column name="created_at" value={time(row.createdAt)} />
        <Column name="last_seen_at" value={time(row.lastSeenAt)} note="written at most once a minute" />
        <Column name="idle_expires_at" value={time(row.idleExpiresAt)} />
        <Column name="absolute_expires_at" value={time(row.absoluteExpiresAt)} />
        <Column name="user_agent" value={row.userAgent ?? "NULL"} />
        <Column name="ip" value={row.ip ?? "NULL"} />
      </dl>
      <h3 className="mt-5 text-sm font-semibold text-slate-800">The lookup on every request</h3>
      <pre className="code mt-2">{server.lookupSql}</pre>
    </section>
  );
}
