import { connection } from "next/server";
import Link from "next/link";
import { BearerStatus } from "@/components/bearer-status";
import { DateTime } from "@/components/ui/date-time";
import { fromEpochSeconds } from "@/components/ui/format";
import { Notice } from "@/components/ui/notice";
import { sessionEnd } from "@/lib/session";
import { pageJwt, pageSession } from "@/lib/strategy/viewer";
import { jwtEnd } from "@/lib/token/jwt";

async function liveStatus() {
  const [session, token] = await Promise.all([pageSession().catch(() => null), pageJwt().catch(() => null)]);
  return {
    session:
      session?.status === "signed-in"
        ? { name: session.user.name, since: session.session.createdAt, expires: sessionEnd(session.session) }
        : null,
    token: token
      ? {
          name: token.claims.name,
          since: fromEpochSeconds(token.claims.auth_time),
          expires: jwtEnd(token.claims),
        }
      : null,
  };
}

function Status({
  area,
  status,
}: {
  area: "session" | "token";
  status: { name: string; since: Date; expires: Date } | null;
}) {
  return (
    <div data-testid={`status-${area}`} data-signed-in={status ? "true" : "false"}>
      {status ? (
        <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
          <dt className="text-slate-600">Signed in</dt>
          <dd className="font-medium">yes, as {status.name}</dd>
          <dt className="text-slate-600">Since</dt>
          <dd className="text-xs leading-5">
            <DateTime value={status.since} className="font-mono" />
          </dd>
          <dt className="text-slate-600">Expires</dt>
          <dd className="text-xs leading-5">
            <DateTime value={status.expires} className="font-mono" />
          </dd>
        </dl>
      ) : (
        <p className="text-sm text-slate-600">
          Not signed in here.{" "}
          <Link className="link" href={`/${area}/login`}>
            Sign in to the {area} area
          </Link>
        </p>
      )}
    </div>
  );
}

export default async function HomePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await connection();
  const params = await searchParams;
  const status = await liveStatus();
  const signedIn = Boolean(status.session || status.token);
  return (
    <div className="space-y-10">
      {params["account-deleted"] === "1" && (
        <Notice tone="ok">Your account and everything stored about it were deleted.</Notice>
      )}
      <section>
        <h1 className="text-3xl font-bold tracking-tight sm:text-4xl">Sessions vs Tokens</h1>
        <p className="mt-3 max-w-2xl text-slate-600">
          Two ways to keep a user signed in on the web, each done properly and shown honestly. Sign in, look at what the
          server and the browser really hold, and run the labs that show the trade-offs.
        </p>
        <div className="mt-5 flex flex-wrap gap-3">
          {signedIn ? (
            <Link href="/compare" className="btn-primary">
              Run the labs
            </Link>
          ) : (
            <>
              <Link href="/signup" className="btn-primary">
                Create an account
              </Link>
              <Link href="/login" className="btn-secondary">
                Sign in
              </Link>
            </>
          )}
        </div>
      </section>
      <section className="grid gap-4 md:grid-cols-2" aria-label="The two strategies">
        <div className="card space-y-4 border-t-4 border-t-session-500">
          <div>
            <h2 className="text-lg font-semibold text-session-700">Server-side sessions</h2>
            <ul className="mt-3 list-disc space-y-1 pl-5 text-sm text-slate-700">
              <li>State lives in Postgres; the cookie carries only a sealed random secret.</li>
              <li>Every request costs one primary-key lookup — and the server can end a session instantly.</li>
              <li>Scaling out needs a shared store that every instance can reach.</li>
            </ul>
          </div>
          <div className="rounded-lg bg-session-50 p-3">
            <h3 className="mb-2 text-xs font-semibold uppercase tracking-wide text-session-700">
              Your session on this browser
            </h3>
            <Status area="session" status={status.session} />
          </div>
        </div>
        <div className="card space-y-4 border-t-4 border-t-token-500">
          <div>
            <h2 className="text-lg font-semibold text-token-700">Tokens (JWT)</h2>
            <ul className="mt-3 list-disc space-y-1 pl-5 text-sm text-slate-700">
              <li>State travels with the client, signed (or encrypted) so the server can trust it.</li>
              <li>No database lookup per request: any instance with the key can verify it.</li>
              <li>
                A stolen token works until it expires unless the server adds a check — which costs a lookup again.
              </li>
            </ul>
          </div>
          <div className="space-y-3 rounded-lg bg-token-50 p-3">
            <h3 className="text-xs font-semibold uppercase tracking-wide text-token-700">Your token on this browser</h3>
            <Status area="token" status={status.token} />
            <p className="border-t border-token-100 pt-2 text-sm text-slate-600">
              <Link className="link text-token-700 hover:text-token-900" href="/token/bearer">
                Bearer flow
              </Link>
              : <BearerStatus />
            </p>
          </div>
        </div>
      </section>
    </div>
  );
}
