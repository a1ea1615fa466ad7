import "server-only";
import { hit, type LimitResult } from "@/lib/security/rate-limit";
import type { LabName } from "@/lib/labs/types";

/**
 * How often an account may run the labs. A lab costs real work (a lab identity, sign-ins, HTTP round trips): 30 a
 * minute. The cost lab times up to MAX_ITERATIONS × 7 checks in one run — seconds of CPU and thousands of queries,
 * since the library-default rows joined — so at 30 a minute one account's script keeps a two-core server busy: it
 * has its own counter, 4 a minute ("Run all labs" runs it once). One counter per request, counted only after the
 * checks, so a refused request writes nothing.
 */
export const LAB_LIMITS = {
  default: { limit: 30, windowSeconds: 60 },
  cost: { limit: 4, windowSeconds: 60 },
} as const;

export function hitLabLimit(name: LabName, userId: string): Promise<LimitResult> {
  return name === "cost"
    ? hit(`labs:cost:account:${userId}`, LAB_LIMITS.cost)
    : hit(`labs:account:${userId}`, LAB_LIMITS.default);
}
