import type { Metadata } from "next";
import Link from "next/link";
import { isDatabaseUnavailable } from "@/lib/server/outage";
import { safeRedirectPath } from "@/lib/security/redirect";
import { pageSession } from "@/lib/strategy/viewer";
import { LoginForm } from "@/components/ui/login-form";
import { Notice } from "@/components/ui/notice";
import { sessionSignInAction } from "./actions";

export const metadata: Metadata = { title: "Sign in · Session area" };

export default async function SessionLoginPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const next = safeRedirectPath(params.next, "/session");
  const signedInAs = await pageSession()
    .then((read) => (read.status === "signed-in" ? read.user : null))
    .catch((error) => {
      if (isDatabaseUnavailable(error)) return null;
      throw error;
    });

  return (
    <div className="mx-auto max-w-md">
      {params["signed-out"] === "1" && (
        <Notice tone="ok" testId="signed-out" className="my-4">
          You are signed out. The session row was deleted, so a copy of the old cookie is worthless now.
        </Notice>
      )}
      {params.ended === "1" && (
        <Notice tone="warn" testId="session-ended" className="my-4">
          Your session has ended — it was signed out, revoked from another device, or it expired. Sign in again.
        </Notice>
      )}
      <p className="text-sm font-semibold uppercase tracking-wide text-session-700">Session area</p>
      <h1 className="mt-1 text-2xl font-bold tracking-tight">Sign in with a server-side session</h1>
      <p className="mt-2 text-sm text-slate-600">
        The server creates a row in Postgres and gives this browser a sealed cookie holding only a random secret.
      </p>
      {signedInAs && (
        <Notice tone="session" testId="already-signed-in" className="my-4">
          You are signed in as <strong>{signedInAs.name}</strong>. Signing in again starts a new session and ends the
          current one.{" "}
          <Link className="link" href="/session">
            Back to your session
          </Link>
        </Notice>
      )}
      <div className="card mt-6 border-t-4 border-t-session-500">
        <LoginForm action={sessionSignInAction} next={next} tone="session" submitLabel="Sign in with a session" />
      </div>
      <p className="mt-4 text-center text-sm text-slate-600">
        No account yet?{" "}
        <Link href="/signup" className="link">
          Sign up
        </Link>{" "}
        · Prefer tokens?{" "}
        <Link href="/token/login" className="link">
          Token sign-in
        </Link>
      </p>
    </div>
  );
}
