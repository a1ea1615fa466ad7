// The requests the phases drive, by name: method, path, what each request carries, and the status that counts
// as an answer. A check endpoint builds each request as it sends it (`headersFor(i)`: the i-th request carries
// user i mod users' credential), so the client does the same work per request in all of them.
import { cookiesOf, credentialsForm, PASSWORD } from "./setup.mjs";

export function endpoints(ctx, creds) {
  const { origin } = ctx;
  let next = 0;
  const account = () => creds.accounts[next++ % creds.accounts.length];
  const jsonSignIn = (pathname) => ({
    method: "POST",
    path: pathname,
    headers: { "content-type": "application/json", origin },
    setupRequest: (req) => ({ ...req, body: JSON.stringify({ email: account(), password: PASSWORD }) }),
    expect: 200,
  });
  // The i-th request of a phase carries the credential of user i mod users (what `perUser` picks from it).
  const perUser = (pick) => (i) => pick(creds.users[i % creds.users.length]);
  return {
    ping: { method: "GET", path: "/api/ping", headersFor: () => ({}), expect: 200 },
    // The baseline again, carrying what a signed-in browser sends on every request (the session and the
    // next-auth cookie): what Next.js charges for a request with cookies, before any check looks at them.
    // Reported for reading the table.
    "ping-cookies": {
      method: "GET",
      path: "/api/ping",
      headersFor: perUser((user) => ({ cookie: `${user.sessionCookie}; ${user.tokenCookie}` })),
      expect: 200,
    },
    // The baseline carrying exactly what each check's request carries (the session cookie; the next-auth cookie;
    // the bearer header): what each check is read against, so Next.js's cost of a request with that header is not
    // charged to the check (the targets in bench/report.mjs).
    "ping-session": {
      method: "GET",
      path: "/api/ping",
      headersFor: perUser((user) => ({ cookie: user.sessionCookie })),
      expect: 200,
    },
    "ping-token": {
      method: "GET",
      path: "/api/ping",
      headersFor: perUser((user) => ({ cookie: user.tokenCookie })),
      expect: 200,
    },
    "ping-bearer": {
      method: "GET",
      path: "/api/ping",
      headersFor: perUser((user) => ({ authorization: `Bearer ${user.accessToken}` })),
      expect: 200,
    },
    "session-me": {
      method: "GET",
      path: "/api/session/me",
      headersFor: perUser((user) => ({ cookie: user.sessionCookie })),
      expect: 200,
      // A browser keeps the cookie the last renewal re-issued; autocannon does not, so pick it up before each
      // phase. (Without this, every request after the first once-a-minute renewal carries a cookie that lags
      // its row, and the app re-issues it on every response: a cost of this client, not of the check.)
      async refresh() {
        for (const user of creds.users) {
          const response = await ctx.server.send("GET", "/api/session/me", { cookie: user.sessionCookie });
          const fresh = cookiesOf(response).find((c) => c.startsWith("svt_session="));
          if (fresh) user.sessionCookie = fresh;
        }
      },
    },
    "token-me": {
      method: "GET",
      path: "/api/token/me",
      headersFor: perUser((user) => ({ cookie: user.tokenCookie })),
      expect: 200,
    },
    "bearer-me": {
      method: "GET",
      path: "/api/bearer/me",
      headersFor: perUser((user) => ({ authorization: `Bearer ${user.accessToken}` })),
      expect: 200,
    },
    // What the libraries' docs show, against the same users (app/api/bench/, only in the benchmark's build).
    "iron-session-peer": {
      method: "GET",
      path: "/api/bench/iron-session",
      headersFor: perUser((user) => ({ cookie: user.sessionCookie })),
      expect: 200,
    },
    "nextauth-peer": {
      method: "GET",
      path: "/api/bench/nextauth",
      headersFor: perUser((user) => ({ cookie: user.tokenCookie })),
      expect: 200,
    },
    "jose-peer": {
      method: "GET",
      path: "/api/bench/jose",
      headersFor: perUser((user) => ({ authorization: `Bearer ${user.accessToken}` })),
      expect: 200,
    },
    "session-login": jsonSignIn("/api/session/login"),
    "bearer-login": jsonSignIn("/api/bearer/login"),
    "nextauth-login": {
      method: "POST",
      path: "/api/auth/callback/credentials",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: creds.csrf.cookie, origin },
      setupRequest: (req) => ({
        ...req,
        body: new URLSearchParams(credentialsForm(ctx, account(), creds.csrf.csrfToken)).toString(),
      }),
      expect: 302,
    },
  };
}
