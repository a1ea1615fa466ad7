import type { Metadata } from "next";
import { connection } from "next/server";
import Link from "next/link";
import { redirect } from "next/navigation";
import { plural } from "@/components/ui/format";
import { env } from "@/lib/server/env";
import { accountOverview } from "@/lib/strategy/account-overview";
import { STRATEGY_LABEL } from "@/lib/strategy/preference";
import { currentViewer } from "@/lib/strategy/viewer";
import {
  DeleteAccountForm,
  NameForm,
  PasswordForm,
  RevocationModeForm,
  StrategyForm,
  SwitchNowForm,
} from "@/app/settings/forms";
import { CredentialWindowsTable } from "@/app/settings/windows-table";

export const metadata: Metadata = { title: "Settings" };

/** /settings: works from either area (a session or a next-auth JWT); the bearer flow is API-only. */
export default async function SettingsPage() {
  await connection();
  const viewer = await currentViewer();
  if (!viewer) redirect("/login?next=/settings");
  const account = await accountOverview(viewer);
  if (!account) redirect("/login?next=/settings");
  const { user, preferred, otherSessions, liveRefreshFamilies } = account;
  const current = viewer.strategy;
  const tokenHours = Math.round(env().TOKEN_MAX_AGE / 3600);

  return (
    <div className="space-y-8">
      <header>
        <h1 className="text-2xl font-bold tracking-tight sm:text-3xl">Settings</h1>
        <p className="mt-2 max-w-2xl text-sm text-slate-600">
          Signed in as <strong data-testid="settings-email">{user.email}</strong> with{" "}
          <span
            className={`badge ${current === "session" ? "bg-session-100 text-session-900" : "bg-token-100 text-token-900"}`}
            data-testid="settings-current-strategy"
          >
            {STRATEGY_LABEL[current]}
          </span>
          .
        </p>
      </header>

      <section className="card space-y-5" aria-labelledby="strategy-heading">
        <div>
          <h2 id="strategy-heading" className="text-lg font-semibold">
            Strategy
          </h2>
          <p className="mt-1 text-sm text-slate-600">
            Your preference decides how{" "}
            <Link className="link" href="/login">
              /login
            </Link>{" "}
            signs you in on a new browser. “Switch now” moves this browser across without asking for your password: the
            other credential is created for you from the one you hold, and the old one is ended properly.
          </p>
        </div>
        <div className="grid gap-6 lg:grid-cols-[1fr_auto] lg:items-end">
          <StrategyForm preferred={preferred} />
          <div className="rounded-lg border border-slate-200 bg-slate-50 p-4 text-sm">
            <p className="mb-3 text-slate-700">
              This browser: <strong data-testid="settings-strategy">{STRATEGY_LABEL[current]}</strong>
            </p>
            <SwitchNowForm from={current} />
          </div>
        </div>
      </section>

      <section className="card space-y-4" aria-labelledby="revocation-heading">
        <div className="flex flex-wrap items-center gap-3">
          <h2 id="revocation-heading" className="text-lg font-semibold">
            JWT revocation mode
          </h2>
          <span
            className={`badge ${user.jwtRevocation ? "bg-emerald-100 text-emerald-900" : "bg-slate-200 text-slate-700"}`}
            data-testid="settings-revocation"
          >
            {user.jwtRevocation ? "on" : "off"}
          </span>
        </div>
        <div className="grid gap-4 text-sm text-slate-700 md:grid-cols-2">
          <div className="rounded-lg border border-slate-200 p-4">
            <h3 className="font-semibold">Off (Auth.js default)</h3>
            <p className="mt-1">
              0 database reads per request. Signing out only deletes the cookie: a copy of the JWT keeps working for up
              to {tokenHours} h (its sliding expiry). Nothing on the server can end it. Turning the mode off asks for
              your password: it widens every future token&rsquo;s window.
            </p>
          </div>
          <div className="rounded-lg border border-slate-200 p-4">
            <h3 className="font-semibold">On (token version check)</h3>
            <p className="mt-1">
              1 database read per request — the same round trip a session costs. Sign-out, “sign out everywhere” and a
              password change bump your token version ({user.tokenVersion} now), which ends every JWT at once.
            </p>
          </div>
        </div>
        <RevocationModeForm enabled={user.jwtRevocation} />
      </section>

      <div className="grid gap-8 lg:grid-cols-2">
        <section className="card space-y-4" aria-labelledby="name-heading">
          <h2 id="name-heading" className="text-lg font-semibold">
            Display name
          </h2>
          <p className="text-sm text-slate-600">
            Sessions read your name from the database on every request; a JWT carries it as a claim until it is
            re-issued.
          </p>
          <NameForm name={user.name} />
        </section>

        <section className="card space-y-4" aria-labelledby="password-heading">
          <h2 id="password-heading" className="text-lg font-semibold">
            Password
          </h2>
          <p className="text-sm text-slate-600" data-testid="settings-password-effects">
            Changing it ends every other session of yours (
            <span data-testid="settings-sessions">
              {otherSessions === 0 ? "none is live now" : `${plural(otherSessions, "other session")} live now`}
            </span>
            ), revokes every bearer refresh token (
            <span data-testid="settings-refresh">
              {liveRefreshFamilies === 0 ? "none is live" : `${plural(liveRefreshFamilies, "live sign-in")}`}
            </span>
            ) and bumps your token version. This browser stays signed in.
          </p>
          <PasswordForm email={user.email} name={user.name} />
        </section>
      </div>

      <section className="card space-y-4" aria-labelledby="windows-heading">
        <h2 id="windows-heading" className="text-lg font-semibold">
          How long a stolen copy keeps working
        </h2>
        <p className="text-sm text-slate-600">
          After each event, for each credential (default timeouts). A JWT made by &ldquo;switch now&rdquo; is always
          checked, whatever the mode; no switch, renewal or re-issue moves a sign-in&rsquo;s absolute end later. The
          same table, with the test behind each cell, is in SECURITY.md.
        </p>
        <CredentialWindowsTable />
      </section>

      <section className="card space-y-4 border-red-200" aria-labelledby="delete-heading">
        <h2 id="delete-heading" className="text-lg font-semibold text-red-800">
          Delete account
        </h2>
        <p className="text-sm text-slate-600">
          Removes your account, every session, every refresh token and your lifecycle log, and signs this browser out.
          JWTs held elsewhere still decode until they expire, but they name an account that no longer exists.
        </p>
        <div className="max-w-md">
          <DeleteAccountForm />
        </div>
      </section>
    </div>
  );
}
