"use client";

import { useActionState } from "react";
import { FormMessage, SubmitButton, type FormState } from "@/components/form";
import { Countdown } from "@/components/ui/countdown";
import { DateTime } from "@/components/ui/date-time";
import type { SessionDescription } from "@/lib/session";
import { revokeDeviceAction, revokeOthersAction, signOutAction } from "../actions";

export function SignOutButton() {
  const [state, action] = useActionState(signOutAction, {} as FormState);
  return (
    <form action={action} className="flex flex-col items-stretch gap-2 sm:items-end">
      <SubmitButton className="btn-secondary" pendingText="Signing out…">
        Sign out
      </SubmitButton>
      <FormMessage state={state} />
    </form>
  );
}

/** A row of the user's sessions, as the page shows it (Dates cross to this client component as they are). */
export type DeviceView = Pick<
  SessionDescription["server"]["rows"][number],
  "id" | "idPrefix" | "isCurrent" | "device" | "userAgent" | "ip" | "createdAt" | "lastSeenAt" | "endsAt" | "endsBy"
>;

/** The user's sessions, each revocable, and "sign out everywhere else". One message area for all of them. */
export function DeviceList({ devices, now }: { devices: DeviceView[]; now: Date }) {
  const [revokeState, revoke] = useActionState(revokeDeviceAction, {} as FormState);
  const [othersState, revokeOthers] = useActionState(revokeOthersAction, {} as FormState);
  const others = devices.filter((d) => !d.isCurrent).length;
  return (
    <div className="space-y-4">
      <div aria-live="polite" className="space-y-2">
        <FormMessage state={revokeState} />
        <FormMessage state={othersState} />
      </div>
      <ul className="grid gap-3 md:grid-cols-2" aria-label="Signed-in devices">
        {devices.map((d) => (
          <li
            key={d.id}
            data-testid="device"
            data-current={d.isCurrent ? "true" : "false"}
            data-id-prefix={d.idPrefix}
            className={`rounded-lg border p-4 ${d.isCurrent ? "border-session-500 bg-session-50" : "border-slate-200 bg-white"}`}
          >
            <div className="flex flex-wrap items-start justify-between gap-2">
              <div className="min-w-0">
                <p className="font-semibold text-slate-900">
                  {d.device}
                  {d.isCurrent && <span className="badge ml-2 bg-session-600 text-white">This device</span>}
                </p>
                <p className="mt-0.5 font-mono text-xs text-slate-600" title="First 12 hex digits of the row id">
                  id {d.idPrefix}…
                </p>
              </div>
              <form action={revoke}>
                <input type="hidden" name="id" value={d.id} />
                <SubmitButton className="btn-secondary px-3 py-1.5 text-xs" pendingText="Revoking…">
                  {d.isCurrent ? "Revoke (sign out)" : "Revoke"}
                  <span className="sr-only"> {d.isCurrent ? "this device" : `${d.device}, id ${d.idPrefix}`}</span>
                </SubmitButton>
              </form>
            </div>
            <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-xs">
              <dt className="text-slate-600">Signed in</dt>
              <dd className="text-slate-800">
                <DateTime value={d.createdAt} now={now} />
              </dd>
              <dt className="text-slate-600">Last seen</dt>
              <dd className="text-slate-800">
                <DateTime value={d.lastSeenAt} now={now} />
              </dd>
              <dt className="text-slate-600">Expires</dt>
              <dd className="text-slate-800">
                <Countdown until={d.endsAt} now={now} /> <span className="text-slate-600">({d.endsBy})</span>
              </dd>
              <dt className="text-slate-600">IP</dt>
              <dd className="font-mono text-slate-800">{d.ip ?? "—"}</dd>
              <dt className="text-slate-600">User agent</dt>
              <dd className="break-all text-slate-600">{d.userAgent ?? "—"}</dd>
            </dl>
          </li>
        ))}
      </ul>
      <form action={revokeOthers} className="flex flex-wrap items-center gap-3">
        {others === 0 ? (
          <button type="button" className="btn-danger" disabled aria-disabled>
            Sign out everywhere else
          </button>
        ) : (
          <SubmitButton className="btn-danger" pendingText="Signing out the others…">
            Sign out everywhere else
          </SubmitButton>
        )}
        <p className="text-sm text-slate-600">
          {others === 0
            ? "No other device is signed in."
            : `Ends ${others} other ${others === 1 ? "session" : "sessions"}; this one stays.`}
        </p>
      </form>
    </div>
  );
}
