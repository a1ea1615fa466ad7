import type { NextRequest } from "next/server";
import { isBenchBuild } from "@/lib/server/bench-build";
import { nextAuthPeerRoute } from "@/lib/labs/library-defaults";
import { problem, refuseOtherMethods } from "@/lib/security/http";

export const dynamic = "force-dynamic";

/**
 * BENCHMARK ONLY — a 404 in every build but the benchmark's (lib/server/bench-build.ts). GET → 200 with Auth.js's
 * session for a next-auth cookie: next-auth's `auth()` wrapping a route handler, as its docs write it, with Auth.js's
 * defaults (lib/labs/library-defaults.ts). `npm run bench` measures it next to /api/token/me.
 */
export async function GET(request: NextRequest) {
  if (!isBenchBuild()) return problem(404, "Not found.");
  return (await nextAuthPeerRoute(request, { params: Promise.resolve({}) })) ?? problem(401, "Not signed in.");
}

export const { POST, PUT, PATCH, DELETE, OPTIONS } = refuseOtherMethods("GET");
