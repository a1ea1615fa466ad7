import type { Metadata, Viewport } from "next";
import { headers } from "next/headers";
import "./globals.css";
import { SiteHeader } from "@/components/site-header";
import { signOutAction as sessionSignOut } from "@/app/session/actions";
import { tokenSignOutAction as tokenSignOut } from "@/app/token/actions";

export const metadata: Metadata = {
  title: { default: "Sessions vs Tokens", template: "%s · Sessions vs Tokens" },
  description:
    "Server-side sessions and JWTs side by side, each done properly — see what each side stores and attack the difference.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Reading the request makes every page dynamic, which the per-request CSP nonce (proxy.ts) requires:
  // Next.js adds the nonce to its scripts while rendering.
  await headers();
  return (
    <html lang="en">
      <body className="flex min-h-screen flex-col">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:p-2"
        >
          Skip to content
        </a>
        <SiteHeader signOut={{ session: sessionSignOut, token: tokenSignOut }} />
        <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-8">
          {children}
        </main>
        <footer className="border-t border-slate-200 py-6 text-center text-xs text-slate-500">
          Sessions vs Tokens — a reference for keeping users signed in. Every number here comes from this deployment:
          measured live, or read from its running configuration.
        </footer>
      </body>
    </html>
  );
}
