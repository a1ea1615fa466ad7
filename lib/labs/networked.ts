import latest from "@/bench/latest.json";

/**
 * What a networked PostgreSQL costs, from the committed benchmark results: bench/latest.json, the machine-readable
 * copy of the newest entry of bench/RESULTS.md ("Latest results"), which lib/labs/networked.test.ts keeps in
 * agreement with the prose. The cost lab shows it next to its own measurement — first of all on PGlite, where an
 * in-process database has no network hop and the session check would otherwise look cheaper than it is.
 * The benchmark refreshes both files; nothing here is measured at run time.
 */

export type CheckFigures = { p50: number; dbP50: number; cpu: number; queries: number };

export type NetworkedReference = {
  /** One line naming the source, its date and machine: "committed benchmark of 2026-12-04 (bench/RESULTS.md) …". */
  label: string;
  source: string;
  date: string;
  machine: string;
  load: string;
  database: string;
  iterations: number;
  checks: Record<"session" | "jwt" | "jwt-revocation" | "bearer", CheckFigures>;
  underLoad: {
    run: string;
    date: string;
    load: string;
    connections: number;
    /** Throughput as a share of ping's (%), and CPU per request as a multiple of ping's. */
    rows: Record<"session-me" | "token-me" | "bearer-me", { share: number; cpu: number }>;
  };
};

export function networkedReference(): NetworkedReference {
  const data = latest as Omit<NetworkedReference, "label">;
  return {
    ...data,
    label: `committed benchmark of ${data.date}, ${data.database}, ${data.machine}, load ${data.load} (${data.source})`,
  };
}
