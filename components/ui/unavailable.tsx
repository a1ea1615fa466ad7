/**
 * The page-sized outage notice: the database is not answering, so the page fails closed. `children` says why this
 * page needs the database.
 */
export function Unavailable({ children }: { children: React.ReactNode }) {
  return (
    <div role="alert" className="card mx-auto max-w-xl border-red-200 bg-red-50 text-red-800">
      <h1 className="text-lg font-semibold">The database is unavailable</h1>
      <p className="mt-2 text-sm">{children} Try again in a moment.</p>
    </div>
  );
}
