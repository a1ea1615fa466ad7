/**
 * From each /compare panel to the code and the design note behind it, and how to replay it by hand against this
 * deployment (docs/decisions/0107-panels-lead-to-code.md). Plain data built from the page's origin and the cookie
 * names this request gets; app/compare/lab-source.tsx renders it, e2e/lab-replay.spec.ts runs a command from it.
 */

export type Adr = { number: string; title: string; path: string };
export type ReplayStep = {
  /** What this step does and what it should answer. */
  say: string;
  /** A shell command (curl) to run as is, after replacing the <…> placeholders. */
  command?: string;
  /** Stable id of a command, for tests and links. */
  id?: string;
};
export type LabSourceInfo = {
  files: string[];
  adrs: Adr[];
  /** Steps to replay it by hand; `api` runs the lab itself through its endpoint with your cookie. */
  api?: string;
  byHand: ReplayStep[];
  /** Why some steps are DevTools steps, not curl. */
  devtoolsNote?: string;
};

const ADR = {
  "0010": { number: "0010", title: "Session cookie and rows", path: "docs/decisions/0010-session-cookie-and-rows.md" },
  "0020": {
    number: "0020",
    title: "next-auth JWT sessions",
    path: "docs/decisions/0020-token-nextauth-jwt-sessions.md",
  },
  "0021": {
    number: "0021",
    title: "Bearer JWT and refresh rotation",
    path: "docs/decisions/0021-token-bearer-jwt-and-refresh-rotation.md",
  },
  "0050": {
    number: "0050",
    title: "Query counts per request",
    path: "docs/decisions/0050-scale-stateless-instances-and-query-counts.md",
  },
  "0041": { number: "0041", title: "Lab identities", path: "docs/decisions/0041-lab-identities.md" },
  "0043": { number: "0043", title: "Honest labs", path: "docs/decisions/0043-honest-labs.md" },
  "0060": {
    number: "0060",
    title: "CSRF in the proxy",
    path: "docs/decisions/0060-hardening-csrf-in-proxy-and-edge-refusals.md",
  },
  "0070": { number: "0070", title: "Credential policy", path: "docs/decisions/0070-credential-policy.md" },
  "0101": {
    number: "0101",
    title: "Benchmark method",
    path: "docs/decisions/0101-benchmark-method-and-results.md",
  },
  "0103": { number: "0103", title: "Key rings and rotation", path: "docs/decisions/0103-key-rings-and-rotation.md" },
  "0106": {
    number: "0106",
    title: "Lab runs feed the verdict",
    path: "docs/decisions/0106-lab-runs-feed-the-verdict.md",
  },
} satisfies Record<string, Adr>;

export type ReplayContext = {
  /** This deployment's origin, as the browser that asked sees it. */
  origin: string;
  sessionCookie: string;
  jwtCookie: string;
  /** Where the separate verifier answers (VERIFIER_URL), if configured. */
  verifierUrl: string | null;
  accessKey: string;
};

/** The placeholder a command carries for a cookie's value (copied from DevTools: it is HttpOnly). */
export const cookiePlaceholder = (name: string) => `<value of your ${name} cookie>`;
export const EMAIL_PLACEHOLDER = "<your email>";
export const PASSWORD_PLACEHOLDER = "<your password>";

export const LAB_PANELS = [
  "replay",
  "everywhere",
  "stale-claims",
  "cross-site",
  "cost",
  "expiry",
  "timeouts",
  "verifier",
] as const;
export type LabPanel = (typeof LAB_PANELS)[number];

export function labSources(ctx: ReplayContext): Record<LabPanel, LabSourceInfo> {
  const { origin: o } = ctx;
  const session = `${ctx.sessionCookie}=${cookiePlaceholder(ctx.sessionCookie)}`;
  const jwt = `${ctx.jwtCookie}=${cookiePlaceholder(ctx.jwtCookie)}`;
  const post = `-H 'Origin: ${o}' -H 'Content-Type: application/json'`;
  const login = `'{"email":"${EMAIL_PLACEHOLDER}","password":"${PASSWORD_PLACEHOLDER}"}'`;
  const status = `-s -o /dev/null -w '%{http_code}\\n'`;
  const api = (lab: string, body = "{}") =>
    `curl -sS -X POST '${o}/api/compare/${lab}' ${post} -H 'Cookie: ${session}' -d '${body}'`;
  const measuring = ["lib/labs/record.ts", "app/api/compare/[lab]/route.ts"];

  const signInSession = (jar: string): ReplayStep => ({
    say: `Sign in with a session of your own (a new one, in ${jar}; the browser's is not touched) → 200.`,
    command: `curl -sS -c ${jar} ${post} -d ${login} '${o}/api/session/login'`,
  });

  return {
    replay: {
      files: ["lib/labs/replay.ts", "lib/labs/rows.ts", "lib/labs/probe.ts", ...measuring],
      adrs: [ADR["0043"], ADR["0041"], ADR["0106"]],
      api: api("replay"),
      byHand: [
        signInSession("me.jar"),
        { say: "Keep a copy, as malware or a proxy log would.", command: "cp me.jar stolen.jar" },
        {
          say: "Sign out that session → 200.",
          command: `curl -sS -b me.jar ${post} -d '{"scope":"this"}' '${o}/api/session/logout'`,
        },
        {
          say: "Replay the copy → 401: the row is gone.",
          command: `curl ${status} -b stolen.jar '${o}/api/session/me'`,
        },
        {
          say: "The bearer flow: sign in → an accessToken and a refreshToken.",
          command: `curl -sS ${post} -d ${login} '${o}/api/bearer/login'`,
        },
        {
          say: "Sign out (revokes the refresh family) → 200.",
          command: `curl -sS ${post} -d '{"refreshToken":"<refreshToken>"}' '${o}/api/bearer/logout'`,
        },
        {
          say: "Replay the access token → 200 until its exp; the refresh token → 401.",
          command: `curl ${status} -H 'Authorization: Bearer <accessToken>' '${o}/api/bearer/me'\ncurl ${status} ${post} -d '{"refreshToken":"<refreshToken>"}' '${o}/api/bearer/refresh'`,
        },
        {
          say: `The next-auth JWT (DevTools): sign in on /token, copy the ${ctx.jwtCookie} cookie (Application → Cookies), sign out with the header's button, then replay it → 200 in the default mode, 401 in revocation mode.`,
          command: `curl ${status} -H 'Cookie: ${jwt}' '${o}/api/token/me'`,
        },
      ],
      devtoolsNote: "Auth.js signs in through its own CSRF-protected form, so the JWT is copied from the browser.",
    },
    everywhere: {
      files: ["lib/labs/everywhere.ts", "lib/strategy/credential-policy.ts", ...measuring],
      adrs: [ADR["0043"], ADR["0070"], ADR["0106"]],
      api: api("everywhere"),
      byHand: [
        {
          say: "Use a second, throw-away account for this one: it signs out every other session of the account, this browser's included.",
        },
        signInSession("a.jar"),
        signInSession("b.jar"),
        {
          say: "Device A signs out everywhere else → 200.",
          command: `curl -sS -b a.jar ${post} -d '{"scope":"others"}' '${o}/api/session/logout'`,
        },
        {
          say: "Device B → 401; device A → 200.",
          command: `curl ${status} -b b.jar '${o}/api/session/me'\ncurl ${status} -b a.jar '${o}/api/session/me'`,
        },
      ],
    },
    "stale-claims": {
      files: ["lib/labs/stale-claims.ts", "lib/token/jwt/index.ts"],
      adrs: [ADR["0020"], ADR["0043"]],
      api: api("stale-claims", '{"name":"Renamed lab identity"}'),
      byHand: [
        {
          say: `Sign in on /token and copy the ${ctx.jwtCookie} cookie (DevTools → Application → Cookies).`,
        },
        { say: "Change your name in settings (the browser's JWT is re-issued with it)." },
        {
          say: "Ask with the copy: it still carries the old name until it is re-issued.",
          command: `curl -sS -H 'Cookie: ${jwt}' '${o}/api/token/me'`,
        },
      ],
      devtoolsNote: "The name is changed through the settings form; the JWT is copied from the browser.",
    },
    "cross-site": {
      files: ["lib/labs/cross-site.ts", "lib/security/origin.ts", "proxy.ts", ...measuring],
      adrs: [ADR["0060"], ADR["0043"], ADR["0106"]],
      api: api("cross-site"),
      byHand: [
        {
          id: "forged",
          say: "A forged sign-out from another origin, your cookie attached (the worst case) → 403; you stay signed in.",
          command: `curl ${status} -X POST -H 'Origin: https://evil.example' -H 'Content-Type: application/json' -H 'Cookie: ${session}' -d '{"scope":"everywhere"}' '${o}/api/session/logout'`,
        },
        {
          say: "Still signed in → 200.",
          command: `curl ${status} -H 'Cookie: ${session}' '${o}/api/session/me'`,
        },
        {
          say: "No browser adds an Authorization header by itself: the bearer API without one → 401.",
          command: `curl ${status} -H 'Origin: https://evil.example' '${o}/api/bearer/me'`,
        },
      ],
    },
    cost: {
      files: ["lib/labs/cost.ts", "lib/labs/networked.ts", "lib/server/query-count.ts", ...measuring],
      adrs: [ADR["0101"], ADR["0050"], ADR["0106"]],
      api: api("cost", '{"iterations":500}'),
      byHand: [
        {
          say: "Each /me endpoint says how many database queries its check made (X-DB-Queries) — session 1, JWT 0 (1 in revocation mode), bearer 0 — and curl how long the answer took.",
          command: `curl -sS -D - -o /dev/null -w 'total %{time_total} s\\n' -H 'Cookie: ${session}' '${o}/api/session/me'\ncurl -sS -D - -o /dev/null -w 'total %{time_total} s\\n' -H 'Cookie: ${jwt}' '${o}/api/token/me'`,
        },
        {
          say: "Bytes per request: the cookie as sent (name=value).",
          command: `printf '%s' '${session}' | wc -c`,
        },
      ],
    },
    expiry: {
      files: ["lib/labs/expiry.ts", "lib/strategy/credential-policy.ts"],
      adrs: [ADR["0043"], ADR["0041"]],
      api: `curl -sS -N -X POST '${o}/api/compare/expiry' ${post} -H 'Accept: application/x-ndjson' -H 'Cookie: ${session}' -d '{}'`,
      byHand: [
        {
          say: "Only a lab identity gets lifetimes of seconds. Your own credentials end on the schedule in “Timeouts”: /token and /session count them down, and DevTools → Application → Cookies shows each cookie's Expires.",
        },
      ],
      devtoolsNote: "The short lifetimes exist only for lab identities, so this replay streams the lab itself.",
    },
    timeouts: {
      files: ["lib/labs/timeouts.ts", "app/compare/timeline.tsx", ".env.example"],
      adrs: [ADR["0010"], ADR["0020"], ADR["0021"]],
      byHand: [
        {
          say: "The rules are this server's configuration; the cookie a sign-in sets carries them (Max-Age / Expires).",
          command: `curl -sS -D - -o /dev/null ${post} -d ${login} '${o}/api/session/login'`,
        },
      ],
    },
    verifier: {
      files: ["lib/labs/verifier.ts", "services/verifier/verifier.mjs", "lib/labs/key-rings.ts"],
      adrs: [ADR["0103"], ADR["0021"]],
      api: api("verifier"),
      byHand: [
        { say: "Our public keys (no private member, no secret):", command: `curl -sS '${o}/.well-known/jwks.json'` },
        {
          say: `Copy your access token from /token/bearer (DevTools → Application → Local Storage, ${ctx.accessKey}) and ask the verifier, which holds nothing but that key set's URL → 200 with your claims.`,
          command: ctx.verifierUrl
            ? `curl -sS -H 'Authorization: Bearer <accessToken>' '${ctx.verifierUrl.replace(/\/+$/, "")}/whoami'`
            : undefined,
        },
        ...(ctx.verifierUrl
          ? []
          : [
              {
                say: "No verifier is configured here (VERIFIER_URL). Start one beside the app: JWKS_URL=<this origin>/.well-known/jwks.json PORT=4100 npm run verifier, then GET /whoami on it with the token.",
              },
            ]),
      ],
    },
  };
}
