"use client";

import { useCallback, useEffect, useState } from "react";
import type { FormState } from "@/components/form";
import type { NoticeTone } from "@/components/ui/notice";
import { useBearerTokens } from "@/components/use-bearer-tokens";
import { bearerClient, errorOf, type BearerMe, type BearerServerState } from "@/lib/token/bearer/client";

/** What the server verified about the stored access token, and when (the browser's clock: the countdown's start). */
export type Verified = { me: BearerMe; checkedAt: Date };
/** One line of "Requests from this page". */
export type Call = { id: number; label: string; status: number | null; body: unknown };

let callSerial = 0;

/** Token pairs are logged without the tokens themselves (they are shown in their own panels). */
function redact(body: unknown) {
  if (!body || typeof body !== "object" || !("accessToken" in body) || !("refreshToken" in body)) return body;
  const { accessToken, refreshToken, ...rest } = body as Record<string, unknown>;
  return {
    accessToken: `${String(accessToken).slice(0, 16)}…`,
    refreshToken: `${String(refreshToken).slice(0, 12)}…`,
    ...rest,
  };
}

/**
 * The bearer page's state, over the browser client (lib/token/bearer/client.ts): the stored tokens, what the server
 * verified and stores, the requests sent, and the labs' leftovers (the spent refresh token, the access token from
 * before sign-out).
 */
export function useBearerLab() {
  const tokens = useBearerTokens();
  const [verified, setVerified] = useState<Verified | null>(null);
  const [calls, setCalls] = useState<Call[]>([]);
  const [rows, setRows] = useState<BearerServerState | null>(null);
  const [notice, setNotice] = useState<{ tone: NoticeTone; text: string } | null>(null);
  const [spent, setSpent] = useState<string | null>(null);
  const [afterSignOut, setAfterSignOut] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // Every request the client sends is listed — except this page's own reads of the server's rows, shown in their panel.
  useEffect(
    () =>
      bearerClient().observe(({ method, path, note, status, body }) => {
        if (path === "/api/bearer/tokens") return;
        const call = {
          id: ++callSerial,
          label: `${method} ${path}${note ? ` (${note})` : ""}`,
          status,
          body: redact(body),
        };
        setCalls((previous) => [call, ...previous].slice(0, 6));
      }),
    [],
  );

  const loadRows = useCallback(async () => {
    const answer = await bearerClient().serverState({ refresh: false });
    if (answer.ok) setRows(answer.body);
  }, []);

  /** GET /api/bearer/me with the stored access token, as it is (no refresh): the lab shows a refusal as it is. */
  const showIdentity = useCallback(async () => {
    const answer = await bearerClient().me({ refresh: false });
    if (answer.ok) {
      setVerified({ me: answer.body, checkedAt: new Date() });
      await loadRows();
    } else setVerified(null);
    return answer.status;
  }, [loadRows]);

  const refresh = useCallback(async () => {
    setNotice(null);
    const result = await bearerClient().refresh();
    if (result.ok) {
      if (result.spent) setSpent(result.spent);
      await showIdentity();
    } else {
      setVerified(null);
      setNotice({ tone: "error", text: result.error });
    }
  }, [showIdentity]);

  useEffect(() => {
    // Like a real client on start-up: try the stored access token, and refresh once if it has expired.
    const start = async () => {
      if (bearerClient().read() && (await showIdentity()) === 401) await refresh();
    };
    void start();
  }, [showIdentity, refresh]);

  async function run(work: () => Promise<void>) {
    setBusy(true);
    try {
      await work();
    } finally {
      setBusy(false);
    }
  }

  /** The sign-in form's action: POST /api/bearer/login through the client, which stores the pair. */
  async function signIn(_state: FormState, form: FormData): Promise<FormState> {
    setNotice(null);
    setAfterSignOut(null);
    const email = String(form.get("email") ?? "");
    const answer = await bearerClient().signIn({ email, password: String(form.get("password") ?? "") });
    if (!answer.ok) {
      return {
        error: answer.body?.error ?? "Signing in did not work.",
        fields: answer.body?.fields,
        values: { email },
      };
    }
    setSpent(null);
    await showIdentity();
    return {};
  }

  /** The attack: present the refresh token that the last refresh spent. */
  const replay = () =>
    run(async () => {
      if (!spent) return;
      const answer = await bearerClient().request("POST", "/api/bearer/refresh", {
        json: { refreshToken: spent },
        note: "replayed, spent token",
      });
      setNotice({
        tone: "error",
        text:
          answer.status === 401 && !answer.ok
            ? `Refused: ${errorOf(answer.body)} Your current refresh token is dead too — try “Refresh tokens”.`
            : `Unexpected answer ${answer.status}.`,
      });
      await loadRows();
    });

  const signOut = () =>
    run(async () => {
      const { tokens: previous } = await bearerClient().signOut();
      if (!previous) return;
      setVerified(null);
      setRows(null);
      setSpent(null);
      setAfterSignOut(previous.accessToken);
      setNotice({
        tone: "ok",
        text: "Signed out: both tokens are gone from localStorage and the refresh family is revoked.",
      });
    });

  return {
    tokens,
    verified,
    calls,
    rows,
    notice,
    spent,
    afterSignOut,
    busy,
    signIn,
    callMe: () => run(async () => void (await showIdentity())),
    refresh: () => run(refresh),
    replay,
    signOut,
  };
}
