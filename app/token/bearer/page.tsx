import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { env } from "@/lib/server/env";
import { formatDuration } from "@/components/ui/format";
import { BearerLab } from "./components/bearer-lab";

export const metadata: Metadata = { title: "Bearer tokens" };

export default async function BearerPage() {
  await connection(); // rendered per request: the lifetimes come from the runtime configuration
  const config = env();
  return (
    <div className="space-y-8">
      <header>
        <p className="text-sm font-semibold uppercase tracking-wide text-token-600">Token area · bearer flow</p>
        <h1 className="mt-1 text-2xl font-bold tracking-tight sm:text-3xl">Bearer tokens in localStorage</h1>
        <p className="mt-2 max-w-3xl text-slate-600">
          How most JSON APIs are used from a browser: sign in through the API, keep a signed access token (a JWT, valid{" "}
          {formatDuration(config.BEARER_ACCESS_TTL)}) and a refresh token (valid{" "}
          {formatDuration(config.BEARER_REFRESH_TTL)} per sign-in) in <code>localStorage</code>, and send{" "}
          <code>Authorization: Bearer …</code> with every call. No cookie is involved — so no CSRF — but any script on
          the page can read both tokens.
        </p>
        <p className="mt-2 text-sm text-slate-600">
          The next-auth variant keeps its token in an HttpOnly cookie instead:{" "}
          <Link href="/token" className="link">
            your token session
          </Link>
          .
        </p>
      </header>
      <BearerLab />
    </div>
  );
}
