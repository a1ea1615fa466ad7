import "server-only";
import type { NextRequest } from "next/server";
import { z } from "zod";
import type { AuthArea } from "@/lib/accounts/audit-log";
import { checkSignIn, type SignInCheck } from "@/lib/accounts/sign-in";
import { refusal } from "@/lib/security/http";
import { jsonPost } from "@/lib/security/json";

// Shape only; checkSignIn validates the values and answers per field.
const credentials = z.object({ email: z.unknown().optional(), password: z.unknown().optional() });

/**
 * A JSON sign-in endpoint of an area: same origin, `{email, password}`, the shared sign-in check (400 per field,
 * one 401 for every wrong credential, 429 with Retry-After), then `signedIn` issues the area's credential.
 */
export function signInRoute(
  area: AuthArea,
  signedIn: (check: Extract<SignInCheck, { ok: true }>, request: NextRequest) => Promise<Response>,
) {
  return jsonPost(credentials, async (data, request) => {
    const check = await checkSignIn(data, request.headers, area);
    return check.ok ? signedIn(check, request) : refusal(check);
  });
}
