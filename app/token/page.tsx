import type { Metadata } from "next";
import Link from "next/link";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { LifecycleLog } from "@/components/ui/lifecycle-log";
import { Note } from "@/components/ui/note";
import { isRevealed } from "@/components/ui/secret";
import { Unavailable } from "@/components/ui/unavailable";
import { isDatabaseUnavailable } from "@/lib/server/outage";
import { pageJwt } from "@/lib/strategy/viewer";
import { describeJwt, jwtLifecycle, type TokenSession } from "@/lib/token/jwt";
import { BrowserPanel } from "./components/browser-panel";
import { ServerPanel } from "./components/server-panel";
import { ReencodeButton } from "./components/session-controls";
import { TokenSignOutForm } from "./components/sign-out-form";

export const metadata: Metadata = { title: "Token area" };

async function lifecycle(userId: string) {
  try {
    return await jwtLifecycle(userId);
  } catch (error) {
    if (isDatabaseUnavailable(error)) return null;
    throw error;
  }
}

export default async function TokenPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const revealed = isRevealed(await searchParams, await headers());
  let session: TokenSession | null;
  try {
    session = await pageJwt();
  } catch (error) {
    if (isDatabaseUnavailable(error)) {
      return (
        <Unavailable>
          Your token is in revocation mode, so it cannot be accepted without asking the database — and the database is
          not answering. This is the price of revocation: fail closed.
        </Unavailable>
      );
    }
    throw error;
  }
  if (!session) redirect("/token/login?next=/token");

  const d = describeJwt(session);
  const { claims } = session;
  const events = await lifecycle(claims.sub);

  return (
    <div className="space-y-8">
      <header className="flex flex-col gap-4 sm:flex-row sm:items-end sm:justify-between">
        <div>
          <p className="text-sm font-semibold uppercase tracking-wide text-token-600">Token area · next-auth JWT</p>
          <h1 className="mt-1 text-2xl font-bold tracking-tight sm:text-3xl">Your token session</h1>
          <p className="mt-2 max-w-2xl text-slate-600">
            Signed in as <strong data-testid="token-user">{claims.name}</strong> ({claims.email}). Everything the server
            knows about this sign-in is inside the cookie below — encrypted, so only the server can read it.
          </p>
        </div>
        <div className="flex flex-wrap items-start gap-3">
          <ReencodeButton />
          <TokenSignOutForm />
        </div>
      </header>

      <div className="grid items-start gap-6 lg:grid-cols-2">
        <ServerPanel d={d} />
        <BrowserPanel d={d} cookieValue={revealed ? session.cookie.value : null} />
      </div>

      <section aria-labelledby="log-heading" className="card">
        <h2 id="log-heading" className="text-lg font-semibold">
          Lifecycle log
        </h2>
        <p className="mt-1 mb-3 text-sm text-slate-600">
          Sign-ins, sign-outs and mode changes of this area. Renewals are not logged: writing a row on every re-encode
          would cost the database write that JWT sessions exist to avoid.
        </p>
        {events === null ? (
          <p className="text-sm text-red-700" role="status">
            The log is unavailable while the database is down.
          </p>
        ) : (
          <LifecycleLog events={events} testId="token-events" empty="Nothing yet." />
        )}
      </section>

      <section aria-labelledby="compare-heading" className="grid gap-4 sm:grid-cols-2">
        <h2 id="compare-heading" className="sr-only">
          What this means
        </h2>
        <Note title="No database lookup" tone="token">
          {d.server.revocation
            ? "Except now: revocation mode reads your token version on every request — one query, the same cost class as a server-side session."
            : "Accepting this token costs an AES decryption and an HMAC check, not a query. That is the whole appeal."}
        </Note>
        <Note title="Scales out" tone="token">
          Any instance that knows AUTH_SECRET can read the token; there is no shared session store to reach or keep
          consistent.
        </Note>
        <Note title="Cannot be revoked" tone="token">
          Signing out deletes the cookie in this browser only. A copy stays valid until{" "}
          {d.server.revocation ? "the token version changes (revocation mode)" : "its exp"}; a changed name stays stale
          in it until it is re-issued.
        </Note>
        <Note title="Theft" tone="token">
          HttpOnly keeps scripts on this page from reading the cookie, but malware, a proxy or a leaked log that sees it
          can replay it from anywhere until it expires — see the replay lab on{" "}
          <Link href="/compare" className="underline">
            Compare
          </Link>
          .
        </Note>
      </section>

      <p className="text-sm text-slate-600">
        Want the classic API style instead?{" "}
        <Link href="/token/bearer" className="link">
          The bearer flow keeps tokens in localStorage
        </Link>{" "}
        — and shows why that is riskier.
      </p>
    </div>
  );
}
