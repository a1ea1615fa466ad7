import Link from "next/link";
import { headers } from "next/headers";
import { isHttps } from "@/lib/security/origin";
import { LAST_STRATEGY_COOKIE } from "@/lib/strategy/preference";
import { currentViewer } from "@/lib/strategy/viewer";
import { NavLinks } from "@/components/nav-links";
import { RememberStrategy } from "@/components/remember-strategy";

export async function SiteHeader() {
  const viewer = await currentViewer().catch(() => null);
  const https = isHttps(await headers());
  return (
    <header className="border-b border-slate-200 bg-white/90 backdrop-blur">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
        <Link href="/" className="flex items-center gap-2 font-bold tracking-tight text-slate-900">
          <span
            aria-hidden
            className="flex h-7 w-7 items-center justify-center rounded-md bg-gradient-to-br from-session-600 to-token-500 text-xs text-white"
          >
            S/T
          </span>
          Sessions vs Tokens
        </Link>
        <NavLinks />
        <div className="ml-auto flex items-center gap-3 text-sm">
          {viewer ? (
            <>
              <RememberStrategy cookie={LAST_STRATEGY_COOKIE} strategy={viewer.strategy} secure={https} />
              <Link
                href="/settings"
                title="Signed in with this strategy — change it in Settings"
                className={`badge ${viewer.strategy === "session" ? "bg-session-100 text-session-900" : "bg-token-100 text-token-900"}`}
                data-testid="header-strategy"
              >
                {viewer.strategy === "session" ? "Session" : "Token"}
              </Link>
              <span className="hidden text-slate-600 sm:inline" data-testid="header-user">
                {viewer.name}
              </span>
            </>
          ) : (
            <>
              <span className="text-slate-500" data-testid="header-user">
                Not signed in
              </span>
              <Link className="btn-secondary py-1.5" href="/login">
                Sign in
              </Link>
              <Link className="btn-primary py-1.5" href="/signup">
                Sign up
              </Link>
            </>
          )}
        </div>
      </div>
    </header>
  );
}
