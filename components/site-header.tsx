import Link from "next/link";
import { headers } from "next/headers";
import { isHttps } from "@/lib/security/origin";
import { LAST_STRATEGY_COOKIE } from "@/lib/strategy/preference";
import { signedInAreas } from "@/lib/strategy/viewer";
import { HeaderAreas, type SignOutAction } from "@/components/header-areas";
import { NavLinks } from "@/components/nav-links";
import { RememberStrategy } from "@/components/remember-strategy";

/**
 * The site's header: the brand, the navigation, and every area this browser is signed in to with a sign-out for
 * each. The areas' sign-out actions live with their routes (app/), so the layout passes them in.
 */
export async function SiteHeader({ signOut }: { signOut: { session: SignOutAction; token: SignOutAction } }) {
  const { session, jwt } = await signedInAreas();
  const https = isHttps(await headers());
  // The strategy pages follow when both cookies are there: the session (lib/strategy/viewer.ts currentViewer).
  const primary = session ? "session" : jwt ? "token" : null;
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
        {primary && <RememberStrategy cookie={LAST_STRATEGY_COOKIE} strategy={primary} secure={https} />}
        <HeaderAreas
          session={session && { name: session.name }}
          token={jwt && { name: jwt.name }}
          primary={primary}
          signOut={signOut}
        />
      </div>
    </header>
  );
}
