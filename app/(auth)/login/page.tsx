import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  return (
    <div className="mx-auto max-w-2xl">
      {params["signed-up"] === "1" && (
        <div
          role="status"
          className="mb-6 rounded-lg border border-emerald-200 bg-emerald-50 px-4 py-3 text-sm text-emerald-800"
          data-testid="signed-up"
        >
          Your account is ready. Sign in to either area below.
        </div>
      )}
      <h1 className="text-2xl font-bold tracking-tight">Sign in</h1>
      <p className="mt-2 text-sm text-slate-600">
        Pick how this browser should stay signed in. One account works in both areas.
      </p>
      <div className="mt-6 grid gap-4 sm:grid-cols-2">
        <Link href="/session/login" className="card block border-t-4 border-t-session-500 hover:shadow-md">
          <h2 className="font-semibold text-session-700">Server-side session</h2>
          <p className="mt-1 text-sm text-slate-600">
            A row in Postgres; the browser holds only a sealed random secret.
          </p>
        </Link>
        <Link href="/token/login" className="card block border-t-4 border-t-token-500 hover:shadow-md">
          <h2 className="font-semibold text-token-700">Token (JWT)</h2>
          <p className="mt-1 text-sm text-slate-600">An encrypted JWT in a cookie; the server stores nothing.</p>
        </Link>
      </div>
    </div>
  );
}
