"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";

/**
 * "Run all labs": runs, one after the other, every lab that measures a cell of the verdict — each through its own
 * POST /api/compare/<lab>, on a throw-away lab identity like any run on /compare — and shows "n of m" as it goes.
 * The server records what each run measured (lib/labs/record.ts); this component only starts the runs and then
 * reloads the table. It sends no measurement and holds no credential.
 */

export type RunAllLab = { name: string; title: string };

type State =
  | { kind: "idle" }
  | { kind: "running"; index: number }
  | { kind: "done"; ran: number }
  | { kind: "failed"; index: number; error: string };

export function RunAllLabs({ labs, enabled }: { labs: RunAllLab[]; enabled: boolean }) {
  const router = useRouter();
  const [state, setState] = useState<State>({ kind: "idle" });
  const total = labs.length;
  const running = state.kind === "running";

  async function runAll() {
    for (let index = 0; index < total; index++) {
      setState({ kind: "running", index });
      const lab = labs[index]!;
      let error: string | null = null;
      try {
        const response = await fetch(`/api/compare/${lab.name}`, {
          method: "POST",
          headers: { "content-type": "application/json", accept: "application/json" },
          body: "{}",
        });
        if (!response.ok) {
          const data = (await response.json().catch(() => ({}))) as { error?: string };
          error = data.error ?? `It answered ${response.status}.`;
        }
      } catch {
        error = "The server could not be reached.";
      }
      if (error) {
        setState({ kind: "failed", index, error });
        router.refresh(); // what the labs before it measured is recorded: show it
        return;
      }
    }
    setState({ kind: "done", ran: total });
    router.refresh();
  }

  const done = state.kind === "running" || state.kind === "failed" ? state.index : state.kind === "done" ? total : 0;
  return (
    <div className="card space-y-3" data-testid="run-all">
      <div className="flex flex-wrap items-center gap-3">
        <button type="button" className="btn-primary" onClick={runAll} disabled={!enabled || running}>
          {running ? "Running the labs…" : state.kind === "done" ? "Run all labs again" : "Run all labs"}
        </button>
        <p className="text-sm text-slate-700">
          {enabled ? (
            <>
              Runs the {total} labs that measure this table ({labs.map((l) => l.title).join(", ")}), each on a
              throw-away lab identity — never your account. Less than a minute.
            </>
          ) : (
            <>
              <Link className="link" href="/login?next=/verdict">
                Sign in
              </Link>{" "}
              to either area to run the labs and fill the measured cells.
            </>
          )}
        </p>
      </div>
      {state.kind !== "idle" && (
        <div className="space-y-1">
          <progress
            className="h-2 w-full max-w-md accent-sky-700"
            max={total}
            value={done}
            aria-labelledby="run-all-status"
          />
          <p id="run-all-status" role="status" className="text-sm text-slate-700" data-testid="run-all-status">
            {state.kind === "running" && (
              <>
                Running lab {state.index + 1} of {total}: {labs[state.index]!.title}…
              </>
            )}
            {state.kind === "done" && (
              <>
                Ran {state.ran} of {total} labs. The table below shows what they measured.
              </>
            )}
          </p>
          {state.kind === "failed" && (
            <p role="alert" className="text-sm text-red-800">
              Lab {state.index + 1} of {total} ({labs[state.index]!.title}) did not finish: {state.error}
              {state.index === 1 && " What the lab before it measured is recorded."}
              {state.index > 1 && ` What the ${state.index} labs before it measured is recorded.`}
            </p>
          )}
        </div>
      )}
    </div>
  );
}
