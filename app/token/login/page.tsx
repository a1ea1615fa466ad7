import type { Metadata } from "next";
import Link from "next/link";
import { safeRedirectPath } from "@/lib/security/redirect";
import { pageJwt } from "@/lib/strategy/viewer";
import { INPUT_CODES, TOKEN_HOME } from "@/lib/token/jwt";
import { LoginForm } from "@/components/ui/login-form";
import { Notice } from "@/components/ui/notice";
import { tokenSignInAction } from "./actions";

export const metadata: Metadata = { title: "Sign in with a token" };

type Params = Record<string, string | string[] | undefined>;

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** A refused field from Auth.js's callback (?error=CredentialsSignin&code=email_too_long…), shown on the field. */
function authJsFields(params: Params): Record<string, string> | undefined {
  if (first(params.error) !== "CredentialsSignin") return undefined;
  const code = first(params.code);
  return code && Object.hasOwn(INPUT_CODES, code) ? { ...INPUT_CODES[code as keyof typeof INPUT_CODES] } : undefined;
}

/** Auth.js sends failures of its own endpoints here as ?error=…; say what happened without details. */
function authJsError(params: Params): string | null {
  const error = first(params.error);
  if (!error) return null;
  if (error === "CredentialsSignin") {
    if (authJsFields(params)) return null;
    return first(params.code) === "rate_limited"
      ? "Too many sign-in attempts. Try again later."
      : "Email or password is incorrect.";
  }
  return "Signing in did not work. Try again.";
}

export default async function TokenLoginPage({ searchParams }: { searchParams: Promise<Params> }) {
  const params = await searchParams;
  const next = safeRedirectPath(first(params.next) ?? first(params.callbackUrl), TOKEN_HOME);
  const viewer = await pageJwt()
    .then((token) => (token ? token.claims : null))
    .catch(() => null);
  const error = authJsError(params);
  const fields = authJsFields(params);
  return (
    <div className="mx-auto max-w-md">
      {first(params["signed-out"]) === "1" && (
        <Notice tone="token" testId="signed-out" className="mb-6">
          You are signed out: the cookie is gone from this browser. In the default mode a copy of it taken before would
          still be accepted until it expires — the server has nothing to delete.
        </Notice>
      )}
      <p className="text-sm font-semibold uppercase tracking-wide text-token-600">Token area · next-auth</p>
      <h1 className="mt-1 text-2xl font-bold tracking-tight">Sign in with a token</h1>
      <p className="mt-2 text-sm text-slate-600">
        Auth.js checks your password and puts who you are into an encrypted JWT in a cookie. The server keeps no record
        of it.
      </p>
      {viewer && (
        <Notice tone="neutral" className="mt-4">
          You are already signed in as <strong>{viewer.name}</strong>.{" "}
          <Link href={TOKEN_HOME} className="link">
            See your token
          </Link>
        </Notice>
      )}
      <div className="card mt-6 border-t-4 border-t-token-500">
        {error && (
          <Notice tone="error" className="mb-4">
            {error}
          </Notice>
        )}
        <LoginForm
          action={tokenSignInAction}
          initialState={fields ? { fields } : {}}
          next={next}
          tone="token"
          submitLabel="Sign in with a token"
        />
      </div>
      <ul className="mt-4 space-y-1 text-center text-sm text-slate-600">
        <li>
          Prefer the classic API flow?{" "}
          <Link href="/token/bearer" className="link">
            Bearer tokens in localStorage
          </Link>
        </li>
        <li>
          Or a{" "}
          <Link href="/session/login" className="link">
            server-side session
          </Link>{" "}
          · No account?{" "}
          <Link href="/signup" className="link">
            Sign up
          </Link>
        </li>
      </ul>
    </div>
  );
}
