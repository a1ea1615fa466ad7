"use client";

import Link from "next/link";
import { useActionState } from "react";
import type { FormState } from "@/components/form";
import { useBearerIdentity } from "@/components/use-bearer-identity";
import { bearerClient } from "@/lib/token/bearer/client";

/** A server action of the shape serverAction() makes (the areas' sign-out actions live in app/, passed down). */
export type SignOutAction = (state: FormState, form: FormData) => Promise<FormState>;

type Area = { name: string };
type AreaKey = "session" | "token" | "bearer";

const AREA = {
  session: {
    label: "Session",
    href: "/session",
    title: "Signed in with a server-side session",
    tone: "bg-session-100 text-session-900",
  },
  token: {
    label: "Token",
    href: "/token",
    title: "Signed in with a next-auth JWT",
    tone: "bg-token-100 text-token-900",
  },
  bearer: {
    label: "Bearer",
    href: "/token/bearer",
    title: "Bearer tokens in this browser's localStorage",
    tone: "bg-token-100 text-token-900",
  },
} as const;

const SIGN_OUT_BUTTON =
  "rounded-md px-2 py-1 text-xs font-medium text-slate-700 underline-offset-2 hover:bg-slate-100 hover:text-slate-900 hover:underline disabled:opacity-60";

/** One signed-in area: its badge (a link to the area), the name it knows you by, and its own sign-out. */
function Chip({
  area,
  name,
  primary,
  nameTitle,
  children,
}: {
  area: AreaKey;
  name: string;
  primary: boolean;
  /** What the name is (a token carries the name it was issued with). */
  nameTitle?: string;
  children: React.ReactNode;
}) {
  const a = AREA[area];
  return (
    <li
      className="flex items-center gap-1.5 rounded-full border border-slate-200 bg-white py-0.5 pr-1 pl-1"
      data-testid="header-area"
      data-area={area}
    >
      <Link
        href={a.href}
        title={a.title}
        className={`badge ${a.tone}`}
        data-testid={primary ? "header-strategy" : undefined}
      >
        {a.label}
      </Link>
      <span
        className="hidden max-w-[10rem] truncate text-slate-700 sm:inline"
        data-testid={primary ? "header-user" : "header-area-user"}
        title={nameTitle}
      >
        {name}
      </span>
      {children}
    </li>
  );
}

function ActionSignOut({ action, area }: { action: SignOutAction; area: AreaKey }) {
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <form action={formAction}>
      <button type="submit" className={SIGN_OUT_BUTTON} disabled={pending} title={state.error}>
        {pending ? "Signing out…" : "Sign out"}
        <span className="sr-only"> of {AREA[area].label}</span>
      </button>
    </form>
  );
}

function BearerChip() {
  const identity = useBearerIdentity();
  if (!identity || identity.state === "none") return null;
  const name =
    identity.state === "signed-in" ? identity.name : identity.state === "checking" ? "checking…" : "not confirmed";
  return (
    <Chip area="bearer" name={name} primary={false} nameTitle="The name in your access token, as the API verified it">
      <button type="button" className={SIGN_OUT_BUTTON} onClick={() => void bearerClient().signOut()}>
        Sign out<span className="sr-only"> of Bearer</span>
      </button>
    </Chip>
  );
}

/**
 * The header's account corner: every area this browser is signed in to — session and JWT from the server's
 * render, bearer from the API (the tokens are the tab's) — each with its own sign-out; or, signed in nowhere, the
 * way in. `primary` is the area pages follow (the session wins when both cookies are there).
 */
export function HeaderAreas({
  session,
  token,
  primary,
  signOut,
}: {
  session: Area | null;
  token: Area | null;
  primary: "session" | "token" | null;
  signOut: { session: SignOutAction; token: SignOutAction };
}) {
  const bearer = useBearerIdentity();
  const bearerSignedIn = bearer !== undefined && bearer.state !== "none";
  return (
    <div className="ml-auto flex flex-wrap items-center justify-end gap-2 text-sm">
      {(session || token || bearerSignedIn) && (
        <ul className="flex flex-wrap items-center gap-2" aria-label="Signed in on this browser">
          {session && (
            <Chip area="session" name={session.name} primary={primary === "session"}>
              <ActionSignOut action={signOut.session} area="session" />
            </Chip>
          )}
          {token && (
            <Chip
              area="token"
              name={token.name}
              primary={primary === "token"}
              nameTitle="The name in your JWT (a claim, renewed when the token is re-issued)"
            >
              <ActionSignOut action={signOut.token} area="token" />
            </Chip>
          )}
          <BearerChip />
        </ul>
      )}
      {!session && !token && (
        <>
          {!bearerSignedIn && (
            <span className="text-slate-600" data-testid="header-user">
              Not signed in
            </span>
          )}
          <Link className="btn-secondary py-1.5" href="/login">
            Sign in
          </Link>
          <Link className="btn-primary py-1.5" href="/signup">
            Sign up
          </Link>
        </>
      )}
    </div>
  );
}
