import { Countdown } from "@/components/ui/countdown";
import { DateTime } from "@/components/ui/date-time";
import { formatDuration } from "@/components/ui/format";
import type { SessionDescription } from "@/lib/session";

function Stat({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="card p-4">
      <p className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</p>
      <div className="mt-1 text-lg font-semibold text-slate-900">{children}</div>
    </div>
  );
}

/** The session's numbers at a glance: when it ends, its two timeouts, and what each request costs. */
export function Summary({ server, now }: { server: SessionDescription["server"]; now: Date }) {
  return (
    <section aria-label="Summary" className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
      <Stat label="This session ends">
        <Countdown until={server.current.endsAt} now={now} />
        <span className="block text-xs font-normal text-slate-500">by {server.current.endsBy}; use moves it</span>
      </Stat>
      <Stat label="Idle timeout">
        {formatDuration(server.timeouts.idleSeconds)}
        <span className="block text-xs font-normal text-slate-500">sliding, renewed at most once a minute</span>
      </Stat>
      <Stat label="Absolute lifetime">
        {formatDuration(server.timeouts.absoluteSeconds)}
        <span className="block text-xs font-normal text-slate-500">
          ends <DateTime value={server.current.absoluteExpiresAt} now={now} />
        </span>
      </Stat>
      <Stat label="Cost per request">
        1 query
        <span className="block text-xs font-normal text-slate-500">unseal → SHA-256 → primary-key lookup</span>
      </Stat>
    </section>
  );
}
