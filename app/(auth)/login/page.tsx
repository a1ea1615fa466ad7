import type { Metadata } from "next";
import { cookies } from "next/headers";
import Link from "next/link";
import { unifiedSignInAction } from "@/app/(auth)/login/actions";
import { LoginForm } from "@/components/ui/login-form";
import { Notice } from "@/components/ui/notice";
import { AREA_HOME, AREA_LOGIN, lastStrategy, strategyForSignIn, STRATEGY_LABEL } from "@/lib/strategy/preference";
import { currentViewer } from "@/lib/strategy/viewer";

export const metadata: Metadata = { title: "Sign in" };

const one = (v: string | string[] | undefined) => (typeof v === "string" ? v : undefined);

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const browser = lastStrategy(await cookies());
  const strategy = strategyForSignIn(browser);
  const viewer = await currentViewer().catch(() => null);
  const next = one(params.next);
  const accent = strategy === "session" ? "border-t-session-500" : "border-t-token-500";

  return (
    <div className="mx-auto max-w-md">
      {params["account-deleted"] === "1" && (
        <Notice tone="neutral" className="mb-6">
          That account no longer exists.
        </Notice>
      )}
      {viewer && (
        <Notice tone="neutral" testId="already-signed-in" className="mb-6">
          You are signed in as <strong>{viewer.name}</strong> with {STRATEGY_LABEL[viewer.strategy]}.{" "}
          <Link className="link" href={AREA_HOME[viewer.strategy]}>
            Go to your {STRATEGY_LABEL[viewer.strategy].toLowerCase()} page
          </Link>
        </Notice>
      )}
      <div className={`card border-t-4 ${accent}`}>
        <h1 className="text-2xl font-bold tracking-tight">Sign in</h1>
        <p className="mt-2 text-sm text-slate-600" data-testid="login-strategy" data-strategy={browser ?? ""}>
          {browser ? (
            <>
              You will be signed in with{" "}
              <strong className={strategy === "session" ? "text-session-700" : "text-token-700"}>
                {STRATEGY_LABEL[strategy]}
              </strong>{" "}
              — the strategy last used on this browser.
            </>
          ) : (
            <>
              You will be signed in with the strategy chosen in your settings —{" "}
              <strong className="text-session-700">Session</strong> unless you picked Token.
            </>
          )}
        </p>
        <div className="mt-5">
          <LoginForm action={unifiedSignInAction} next={next} tone={strategy} submitLabel="Sign in" />
        </div>
        <p className="mt-5 border-t border-slate-100 pt-4 text-sm text-slate-600">
          Or sign in to one area directly:{" "}
          <Link className="link" href={AREA_LOGIN.session}>
            Session area
          </Link>{" "}
          ·{" "}
          <Link className="link text-token-700 hover:text-token-900" href={AREA_LOGIN.token}>
            Token area
          </Link>
        </p>
      </div>
      <p className="mt-4 text-center text-sm text-slate-600">
        New here?{" "}
        <Link className="link" href="/signup">
          Create an account
        </Link>
      </p>
    </div>
  );
}
