"use client";

import { useCallback, useRef, useState } from "react";

/**
 * Runs one lab through POST /api/compare/<lab>, reading the answer as it streams (NDJSON): the steps the lab takes,
 * its progress (the cost lab's thousands of checks), the expiry lab's once-a-second reports, then its result.
 * Nothing here holds a credential: the lab's credentials never leave the server.
 */

export type LabStep = { message: string };
export type LabProgressState = { message: string; done: number; total: number };

export type LabState<R, T> = {
  pending: boolean;
  steps: string[];
  progress: LabProgressState | null;
  tick: { value: T; receivedAt: number } | null;
  result: R | null;
  error: string | null;
  fields: Record<string, string> | null;
};

const initial = { pending: false, steps: [], progress: null, tick: null, result: null, error: null, fields: null };

export function useLab<R, T = unknown>(lab: string) {
  const [state, setState] = useState<LabState<R, T>>(initial);
  const abort = useRef<AbortController | null>(null);

  const run = useCallback(
    async (body: Record<string, unknown> = {}) => {
      abort.current?.abort();
      const controller = new AbortController();
      abort.current = controller;
      setState((s) => ({ ...initial, result: s.result, pending: true }));
      const fail = (error: string, fields: Record<string, string> | null = null) =>
        setState((s) => ({ ...s, pending: false, error, fields }));
      try {
        const response = await fetch(`/api/compare/${lab}`, {
          method: "POST",
          headers: { "content-type": "application/json", accept: "application/x-ndjson" },
          body: JSON.stringify(body),
          signal: controller.signal,
        });
        if (!response.ok || !response.body) {
          const data = await response.json().catch(() => ({}));
          return fail(data.error ?? `The lab failed (${response.status}).`, data.fields ?? null);
        }
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = "";
        let finished = false;
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let newline: number;
          while ((newline = buffer.indexOf("\n")) >= 0) {
            const line = buffer.slice(0, newline).trim();
            buffer = buffer.slice(newline + 1);
            if (!line) continue;
            const event = JSON.parse(line);
            if (event.type === "step") setState((s) => ({ ...s, steps: [...s.steps, event.message] }));
            else if (event.type === "progress")
              setState((s) => ({ ...s, progress: { message: event.message, done: event.done, total: event.total } }));
            else if (event.type === "tick")
              setState((s) => ({ ...s, tick: { value: event.tick, receivedAt: Date.now() } }));
            else if (event.type === "result") {
              finished = true;
              setState((s) => ({ ...s, pending: false, result: event.result, progress: null }));
            } else if (event.type === "error") {
              finished = true;
              fail(event.error ?? "The lab failed.", event.fields ?? null);
            }
          }
        }
        if (!finished) fail("The lab stopped before it finished. Try again.");
      } catch (error) {
        if ((error as Error).name === "AbortError") return;
        fail("The lab could not reach the server. Try again.");
      }
    },
    [lab],
  );

  return { ...state, run };
}
