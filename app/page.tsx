import Link from "next/link";

export default function HomePage() {
  return (
    <div className="space-y-10">
      <section>
        <h1 className="text-3xl font-bold tracking-tight sm:text-4xl">Sessions vs Tokens</h1>
        <p className="mt-3 max-w-2xl text-slate-600">
          Two ways to keep a user signed in on the web, each done properly and shown honestly. Sign in, look at what the
          server and the browser really hold, and run the labs that show the trade-offs.
        </p>
        <div className="mt-5 flex flex-wrap gap-3">
          <Link href="/signup" className="btn-primary">
            Create an account
          </Link>
          <Link href="/login" className="btn-secondary">
            Sign in
          </Link>
        </div>
      </section>
      <section className="grid gap-4 md:grid-cols-2" aria-label="The two strategies">
        <div className="card border-t-4 border-t-session-500">
          <h2 className="text-lg font-semibold text-session-700">Server-side sessions</h2>
          <ul className="mt-3 list-disc space-y-1 pl-5 text-sm text-slate-700">
            <li>State lives in Postgres; the cookie carries only a sealed random secret.</li>
            <li>Every request costs one primary-key lookup — and the server can end a session instantly.</li>
            <li>Scaling out needs a shared store that every instance can reach.</li>
          </ul>
        </div>
        <div className="card border-t-4 border-t-token-500">
          <h2 className="text-lg font-semibold text-token-700">Tokens (JWT)</h2>
          <ul className="mt-3 list-disc space-y-1 pl-5 text-sm text-slate-700">
            <li>State travels with the client, signed (or encrypted) so the server can trust it.</li>
            <li>No database lookup per request: any instance with the key can verify it.</li>
            <li>A stolen token works until it expires unless the server adds a check — which costs a lookup again.</li>
          </ul>
        </div>
      </section>
    </div>
  );
}
