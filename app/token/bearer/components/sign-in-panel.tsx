import { LoginForm, type SignInAction } from "@/components/ui/login-form";

/** Signing in through the JSON API: the answer's tokens go straight into localStorage. */
export function SignInPanel({ action }: { action: SignInAction }) {
  return (
    <section aria-labelledby="bearer-signin" className="card min-w-0 border-t-4 border-t-token-500">
      <h2 id="bearer-signin" className="text-lg font-semibold">
        Sign in through the API
      </h2>
      <p className="mt-1 mb-4 text-sm text-slate-600">
        <code>POST /api/bearer/login</code> with JSON; the answer&apos;s tokens go straight into localStorage.
      </p>
      <LoginForm action={action} tone="token" submitLabel="Get tokens" autoFocus={false} />
    </section>
  );
}
