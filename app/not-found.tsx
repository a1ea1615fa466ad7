import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Page not found" };

const PLACES = [
  { href: "/", label: "Home", what: "the comparison in brief and your status in each area" },
  { href: "/session", label: "Session area", what: "a server-side session: what the server and the browser hold" },
  { href: "/token", label: "Token area", what: "a next-auth JWT, and the bearer flow" },
  { href: "/compare", label: "Compare", what: "the labs, run for real" },
  { href: "/verdict", label: "Verdict", what: "the decision table: which one, when" },
];

/** The 404 of every unknown URL, inside the site's layout (header and navigation included). */
export default function NotFound() {
  return (
    <div className="mx-auto max-w-2xl space-y-6 py-8" data-testid="not-found">
      <div>
        <p className="text-sm font-semibold uppercase tracking-wide text-slate-600">404 · not found</p>
        <h1 className="mt-1 text-2xl font-bold tracking-tight sm:text-3xl">There is no page at this address</h1>
        <p className="mt-2 text-slate-600">
          It may have moved, or the link was mistyped. Nothing about your sign-in changed. One of these is probably what
          you were looking for:
        </p>
      </div>
      <ul className="card divide-y divide-slate-100 p-0">
        {PLACES.map((place) => (
          <li key={place.href}>
            <Link href={place.href} className="block px-5 py-3 hover:bg-slate-50">
              <span className="font-semibold text-session-700 underline underline-offset-2">{place.label}</span>
              <span className="block text-sm text-slate-600">{place.what}</span>
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
