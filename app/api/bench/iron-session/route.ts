import { cookies } from "next/headers";
import { isBenchBuild } from "@/lib/server/bench-build";
import { ironSessionPeer } from "@/lib/labs/library-defaults";
import { json, problem, refuseOtherMethods } from "@/lib/security/http";

export const dynamic = "force-dynamic";

/**
 * BENCHMARK ONLY — a 404 in every build but the benchmark's (lib/server/bench-build.ts). GET → 200 {user} for a live
 * session cookie, read the way iron-session's docs do it: `getIronSession(await cookies(), …)` and a Prisma
 * `findUnique` per request (lib/labs/library-defaults.ts). `npm run bench` measures it next to /api/session/me.
 */
export async function GET() {
  if (!isBenchBuild()) return problem(404, "Not found.");
  const user = await ironSessionPeer(await cookies());
  return user ? json({ user }) : problem(401, "Not signed in.");
}

export const { POST, PUT, PATCH, DELETE, OPTIONS } = refuseOtherMethods("GET");
