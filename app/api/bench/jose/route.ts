import { isBenchBuild } from "@/lib/server/bench-build";
import { joseVerifyPeer } from "@/lib/labs/library-defaults";
import { json, problem, refuseOtherMethods } from "@/lib/security/http";

export const dynamic = "force-dynamic";

/**
 * BENCHMARK ONLY — a 404 in every build but the benchmark's (lib/server/bench-build.ts). GET (Authorization: Bearer)
 * → 200 {user} for a valid access token: jose's `jwtVerify` on every request with the bearer ring's algorithm and
 * public key, no cache (lib/labs/library-defaults.ts). `npm run bench` measures it next to /api/bearer/me.
 */
export async function GET(request: Request) {
  if (!isBenchBuild()) return problem(404, "Not found.");
  const header = request.headers.get("authorization") ?? "";
  const claims = header.startsWith("Bearer ") ? await joseVerifyPeer(header.slice(7)) : null;
  if (!claims) return problem(401, "Not signed in.");
  return json({ user: { id: claims.sub, name: claims.name, email: claims.email } });
}

export const { POST, PUT, PATCH, DELETE, OPTIONS } = refuseOtherMethods("GET");
