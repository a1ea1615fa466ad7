"use client";

import "./globals.css";

/**
 * The last resort, when the root layout itself fails (then the header cannot render either): a page of its own
 * with the navigation as plain links.
 */
export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body className="flex min-h-screen flex-col">
        <header className="border-b border-slate-200 bg-white">
          <nav aria-label="Main" className="mx-auto flex max-w-6xl flex-wrap gap-4 px-4 py-3 text-sm font-medium">
            {/* Plain links: the router may be what failed. */}
            {/* eslint-disable @next/next/no-html-link-for-pages */}
            <a href="/">Sessions vs Tokens</a>
            <a href="/session">Session area</a>
            <a href="/token">Token area</a>
            <a href="/compare">Compare</a>
            <a href="/verdict">Verdict</a>
            {/* eslint-enable @next/next/no-html-link-for-pages */}
          </nav>
        </header>
        <main id="main" className="mx-auto w-full max-w-2xl flex-1 px-4 py-12" role="alert">
          <h1 className="text-2xl font-bold tracking-tight">Sessions vs Tokens could not load</h1>
          <p className="mt-2 text-slate-600">
            The server hit an error and logged it; nothing you saved is lost. Try again in a moment.
          </p>
          {error.digest && (
            <p className="mt-2 text-xs text-slate-600">
              Reference: <code className="font-mono">{error.digest}</code>
            </p>
          )}
          <button type="button" className="btn-primary mt-4" onClick={reset}>
            Try again
          </button>
        </main>
      </body>
    </html>
  );
}
