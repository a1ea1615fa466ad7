import type { Metadata } from "next";
import { headers } from "next/headers";
import { connection } from "next/server";
import Link from "next/link";
import { isHttps, requestOrigin } from "@/lib/security/origin";
import { env } from "@/lib/server/env";
import { deploymentSourceUrl } from "@/lib/server/source-url";
import { sessionCookieName } from "@/lib/session";
import { ACCESS_KEY } from "@/lib/token/bearer/client";
import { jwtCookieName, usesSecureCookies } from "@/lib/token/jwt";
import { labIdentitiesOf, LAB_IDENTITIES_PER_OWNER } from "@/lib/accounts/lab-identities";
import { LAB_SHORT_LIFETIMES } from "@/lib/strategy/credential-policy";
import { lifetimes } from "@/lib/labs/timeouts";
import { STRATEGY_LABEL } from "@/lib/strategy/preference";
import { currentViewer } from "@/lib/strategy/viewer";
import { CostLab } from "@/app/compare/cost-lab";
import { ExpiryLab } from "@/app/compare/expiry-lab";
import { LabRunner } from "@/app/compare/lab-runner";
import { RiskLegend } from "@/app/compare/risk";
import { Timeline } from "@/app/compare/timeline";
import { LabSource } from "@/app/compare/lab-source";
import { labSources, type LabPanel, type LabSourceInfo } from "@/app/compare/lab-sources";
import { VerifierLab } from "@/app/compare/verifier-lab";

export const metadata: Metadata = { title: "Compare" };

function Lab({
  id,
  title,
  claim,
  source,
  children,
}: {
  id: LabPanel;
  title: string;
  claim: React.ReactNode;
  source: { info: Record<LabPanel, LabSourceInfo>; base: string | null };
  children: React.ReactNode;
}) {
  return (
    <section className="card space-y-4" aria-labelledby={`${id}-heading`} id={id}>
      <div>
        <h2 id={`${id}-heading`} className="text-lg font-semibold">
          {title}
        </h2>
        <p className="mt-1 max-w-3xl text-sm text-slate-600">{claim}</p>
      </div>
      {children}
      <LabSource id={id} info={source.info[id]} base={source.base} />
    </section>
  );
}

/** /compare: the labs, each run for real against our own endpoints, on a throw-away lab identity. */
export default async function ComparePage() {
  await connection();
  const viewer = await currentViewer().catch(() => null);
  const enabled = Boolean(viewer);
  const identities = viewer ? await labIdentitiesOf(viewer.userId).catch(() => []) : [];
  const L = LAB_SHORT_LIFETIMES;
  const h = await headers();
  const verifierUrl = env().VERIFIER_URL ?? null;
  // The replay commands target this deployment as the browser sees it, with the cookie names it got.
  const source = {
    base: deploymentSourceUrl(),
    info: labSources({
      origin: requestOrigin(h) ?? "http://localhost:3000",
      sessionCookie: sessionCookieName(isHttps(h)),
      jwtCookie: jwtCookieName(usesSecureCookies(h)),
      verifierUrl,
      accessKey: ACCESS_KEY,
    }),
  };
  return (
    <div className="space-y-8">
      <header className="space-y-3">
        <h1 className="text-2xl font-bold tracking-tight sm:text-3xl">Compare: the labs</h1>
        <p className="max-w-3xl text-sm text-slate-600">
          Each lab makes a throw-away <strong>lab identity</strong> for the run — an account of its own, with no
          password, that can never sign in — signs its devices in to every area on the server&apos;s side, captures what
          they hold, does something to them, and sends real requests to this app&apos;s own endpoints. Nothing is
          simulated: the answers below are what the endpoints said.
        </p>
        {viewer ? (
          <p className="max-w-3xl text-sm text-slate-600" data-testid="compare-viewer">
            Signed in as <strong>{viewer.name}</strong> ({STRATEGY_LABEL[viewer.strategy]}). No lab touches your
            account: your name, sessions, JWT, bearer tokens, settings and lifecycle log stay exactly as they are. Your
            lab identities live at most an hour, five at a time
            {identities.length > 0 && (
              <span data-testid="lab-identity-count">
                {" "}
                (you have {identities.length} of {LAB_IDENTITIES_PER_OWNER} now)
              </span>
            )}
            .
          </p>
        ) : (
          <p className="rounded-lg border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900" role="status">
            <Link className="link" href="/login?next=/compare">
              Sign in
            </Link>{" "}
            to either area to run the labs.
          </p>
        )}
        <RiskLegend />
      </header>

      <div className="grid gap-6 xl:grid-cols-2">
        <Lab
          id="replay"
          source={source}
          title="1 · Replay a captured credential after sign-out"
          claim={
            <>
              The claim: a server session can be ended, a JWT cannot. A device signs out, then its captured copies are
              replayed — the session is refused at once, a default next-auth JWT is still accepted until it expires
              (unless revocation mode checks a token version), and a bearer access token lives out its short life while
              its refresh token is dead.
            </>
          }
        >
          <LabRunner lab="replay" label="Run the replay" enabled={enabled} />
        </Lab>

        <Lab
          id="everywhere"
          source={source}
          title="2 · Sign out everywhere"
          claim={
            <>
              The claim: with server state, “sign out everywhere” is one delete. Two devices of the lab identity sign
              in; the first signs out everywhere else — every other session ended, the token version bumped, every
              refresh family revoked — and the second tries again. Your own browsers are not involved: your real “sign
              out everywhere” is on the{" "}
              <Link className="link" href="/session">
                session page
              </Link>{" "}
              and in{" "}
              <Link className="link" href="/settings">
                settings
              </Link>
              .
            </>
          }
        >
          <LabRunner lab="everywhere" label="Sign the lab identity out everywhere else" enabled={enabled} />
        </Lab>

        <Lab
          id="stale-claims"
          source={source}
          title="3 · Stale claims"
          claim={
            <>
              The claim: a JWT is a snapshot. The lab identity&apos;s display name changes; the session reads the users
              row on every request and shows the new name at once, while a JWT answers from the claims it was issued
              with until a new one is issued. Your own name is not touched.
            </>
          }
        >
          <LabRunner
            lab="stale-claims"
            label="Rename the lab identity and ask"
            enabled={enabled}
            askName="Renamed lab identity"
            showNames
          />
        </Lab>

        <Lab
          id="cross-site"
          source={source}
          title="4 · A cross-site request"
          claim={
            <>
              The claim: cookies are sent automatically, so cookie auth needs CSRF defences; bearer tokens are not.
              Requests from <code className="font-mono text-xs">https://evil.example</code> — in the worst case, with
              the cookie attached — are refused by the Origin check; SameSite=Lax keeps the cookies off cross-site POSTs
              in the first place; and no browser adds an Authorization header by itself.
            </>
          }
        >
          <LabRunner lab="cross-site" label="Attack from evil.example" enabled={enabled} />
        </Lab>
      </div>

      <Lab
        id="cost"
        source={source}
        title="5 · Cost per request"
        claim={
          <>
            The claim: JWTs save a database lookup per request. The server runs each area&apos;s per-request check
            thousands of times — session: unseal + primary-key lookup; next-auth: decrypt; bearer: signature verify —
            shows the time spent waiting for the database in its own column, names the database it measured, and counts
            the queries each check makes and the bytes each credential adds to every request.
          </>
        }
      >
        <CostLab enabled={enabled} />
      </Lab>

      <Lab
        id="expiry"
        source={source}
        title="6 · Watch it expire"
        claim={
          <>
            The claim: a credential ends when its lifetime says, and use keeps a sliding one alive. A lab identity gets
            lifetimes no real account can have — session idle {L.sessionIdle} s (at most {L.sessionAbsolute} s), JWT{" "}
            {L.jwt} s, bearer access token {L.bearerAccess} s — and each credential is asked once a second until it is
            refused. One session is used every 2 s and outlives the unused one; the JWT is renewed by Auth.js every 5 s
            and still ends on time. About a minute.
          </>
        }
      >
        <ExpiryLab enabled={enabled} />
      </Lab>

      <Lab
        id="timeouts"
        source={source}
        title="7 · Timeouts on one timeline"
        claim={
          <>
            The claim: sessions can be short-lived and sliding because renewal is cheap; tokens must be short-lived
            because they cannot be revoked. These are the rules this server runs with right now (from its configuration)
            — the ones your account has.
          </>
        }
      >
        <Timeline rows={lifetimes()} />
      </Lab>
      <Lab
        id="verifier"
        title="8 · Another service verifies your token"
        source={source}
        claim={
          <>
            The claim: a token can be verified anywhere, with no database. A lab device&apos;s bearer access token goes
            to a separate service that holds only our public key set&apos;s URL — no database, no shared secret — and is
            verified there. Then the device signs out: its refresh family is revoked at once, but the access token still
            verifies at that service until its exp, because a public key cannot know about a revocation.
          </>
        }
      >
        <VerifierLab enabled={enabled} verifierUrl={verifierUrl} />
      </Lab>
      <Link className="link block text-sm" href="/verdict">
        From these labs to a decision: the verdict →
      </Link>
    </div>
  );
}
