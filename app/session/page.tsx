import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { LifecycleLog } from "@/components/ui/lifecycle-log";
import { isRevealed } from "@/components/ui/secret";
import { Unavailable } from "@/components/ui/unavailable";
import { isDatabaseUnavailable } from "@/lib/server/outage";
import { describeSession, type SessionDescription } from "@/lib/session";
import { pageSession } from "@/lib/strategy/viewer";
import { BrowserStores } from "./components/browser-stores";
import { DeviceList, SignOutButton } from "./components/controls";
import { ServerStores } from "./components/server-stores";
import { Summary } from "./components/summary";

export const metadata: Metadata = { title: "Session area" };

/**
 * /session: what the server stores next to what the browser stores, for the signed-in session. Protected
 * here (not in the proxy); dynamic because it reads cookies, so Next.js answers it with Cache-Control: no-store.
 */
export default async function SessionPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const revealed = isRevealed(await searchParams, await headers());
  let description: SessionDescription;
  const now = new Date();
  try {
    const read = await pageSession();
    if (read.status !== "signed-in") {
      redirect(read.reason === "no-cookie" ? "/session/login?next=/session" : "/session/login?next=/session&ended=1");
    }
    description = await describeSession(read, now);
  } catch (error) {
    if (isDatabaseUnavailable(error)) {
      return (
        <Unavailable>
          Sessions live in the database, so without it nobody can be recognised (the app fails closed).
        </Unavailable>
      );
    }
    throw error;
  }
  const { user, server, browser } = description;

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

      <Summary server={server} now={now} />

      <div className="grid gap-6 lg:grid-cols-2">
        <ServerStores user={user} server={server} now={now} />
        <BrowserStores browser={browser} now={now} revealed={revealed} />
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
          <DeviceList devices={server.rows} now={now} />
        </div>
      </section>

      <section aria-labelledby="log-heading" className="card">
        <h2 id="log-heading" className="text-lg font-semibold text-session-700">
          Lifecycle log
        </h2>
        <p className="mt-1 mb-3 text-sm text-slate-600">
          Rows of <code className="font-mono">auth_events</code> for this area, newest first: sign-ins, failed attempts,
          renewals, sign-outs, revocations and expiries.
        </p>
        <LifecycleLog events={server.events} testId="event-log" now={now} />
      </section>
    </div>
  );
}
