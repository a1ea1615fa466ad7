import "server-only";
import NextAuth, { type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { recordEvent } from "@/lib/accounts/audit-log";
import { env } from "@/lib/server/env";
import { parseTokenClaims } from "@/lib/token/jwt/internal/claims";
import { jwtSecrets } from "@/lib/token/jwt/internal/secrets";
import { jwtCallback } from "@/lib/strategy/credential-policy";
import { authorizeCredentials, type AuthorizedUser } from "@/lib/token/jwt/create";
import { trustHost } from "@/lib/token/jwt/internal/host";
import { authRedirect } from "@/lib/token/jwt/internal/redirect";
import { revokeJwt } from "@/lib/token/jwt/revoke";

/**
 * next-auth (Auth.js v5) for the token area: Credentials provider, JWT session strategy (an encrypted JWT in a
 * cookie, nothing on the server), plus what Auth.js leaves out — an absolute lifetime counted from the
 * password sign-in, and an opt-in revocation check against the account's `tokenVersion`
 * (docs/decisions/0020-token-nextauth-jwt-sessions.md). The configuration is built per call, so `next build`
 * never needs secrets.
 */

function authConfig(request: Request | undefined): NextAuthConfig {
  const config = env();
  return {
    // The whole list (AUTH_SECRET_3…1, AUTH_SECRET): the first encrypts, any decrypts (internal/secrets.ts).
    secret: jwtSecrets().list,
    trustHost: trustHost(config),
    session: { strategy: "jwt", maxAge: config.TOKEN_MAX_AGE },
    // Auth.js's built-in pages are replaced by ours (its sign-out confirmation page → /token's sign-out button).
    pages: { signIn: "/token/login", signOut: "/token", error: "/token/login" },
    providers: [
      Credentials({
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        authorize: authorizeCredentials,
      }),
    ],
    callbacks: {
      // Sign-in, `update` and the sliding renewal all go through the credential policy (I1, I2, I4).
      jwt: jwtCallback,
      session({ session, token }) {
        return { ...session, user: { id: token.sub, name: token.name, email: token.email } };
      },
      redirect({ url, baseUrl }) {
        return authRedirect(url, baseUrl);
      },
    },
    events: {
      async signIn({ user }) {
        const u = user as AuthorizedUser;
        await recordEvent({
          userId: u.id,
          area: "token",
          type: "sign-in",
          detail: u.jwtRevocation ? "JWT issued in revocation mode." : "JWT issued.",
          ip: u.ip,
          userAgent: u.userAgent,
        });
      },
      // Our sign-out server action ends the session itself (so a failure is shown, not swallowed) and then
      // calls signOut() without a request. A sign-out through Auth.js's own POST /api/auth/signout comes with
      // one, and is handled here.
      ...(request
        ? {
            async signOut(message: object) {
              const claims = "token" in message ? parseTokenClaims(message.token) : null;
              if (claims) await revokeJwt(claims);
            },
          }
        : {}),
    },
    logger: {
      error(error) {
        // A failed sign-in is an answer, not a server error (checkSignIn already logged it as an AuthEvent).
        const type = (error as { type?: string }).type ?? error.name; // class names are minified in builds
        if (type === "CredentialsSignin") return;
        console.error(`[auth] ${type}: ${error.message}`, (error as { cause?: unknown }).cause ?? "");
      },
      warn(code) {
        console.warn(`[auth] warning: ${code}`);
      },
      debug() {},
    },
  };
}

export const { handlers, signIn, signOut } = NextAuth((request) => authConfig(request));
