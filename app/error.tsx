"use client";

import Link from "next/link";

/**
 * The error page of any route that fails while rendering, inside the site's layout (header and navigation
 * included). It shows no details — the server logged them — only the digest that names the log line.
 */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="mx-auto max-w-2xl space-y-5 py-8" role="alert" data-testid="error-page">
      <div>
        <p className="text-sm font-semibold uppercase tracking-wide text-red-800">Something went wrong</p>
        <h1 className="mt-1 text-2xl font-bold tracking-tight sm:text-3xl">This page could not be shown</h1>
        <p className="mt-2 text-slate-600">
          The server hit an error and logged it; nothing you saved is lost. Try again, or go somewhere else from the
          navigation above.
        </p>
        {error.digest && (
          <p className="mt-2 text-xs text-slate-600">
            Reference: <code className="font-mono">{error.digest}</code>
          </p>
        )}
      </div>
      <div className="flex flex-wrap gap-3">
        <button type="button" className="btn-primary" onClick={reset}>
          Try again
        </button>
        <Link className="btn-secondary" href="/">
          Home
        </Link>
      </div>
    </div>
  );
}
