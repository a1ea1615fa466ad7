import "server-only";
import type { LabContext } from "@/lib/labs/context";
import { disposeLabDevice, mintLabDevice } from "@/lib/labs/device";
import { bearerOf, cookieOf, probe } from "@/lib/labs/probe";
import { row, type LabResult } from "@/lib/labs/types";

const EVIL_ORIGIN = "https://evil.example";

/**
 * Cross-site request: what a page on another site could make your browser send. The server replays the worst
 * case — the captured cookie attached AND `Origin: https://evil.example` — against a state-changing endpoint of
 * each area, then checks that nothing changed. (A real browser would not even attach the SameSite=Lax cookies
 * to a cross-site POST or fetch, and never adds an Authorization header by itself.)
 */
export async function runCrossSiteLab(lab: LabContext): Promise<LabResult> {
  const { base } = lab;
  const device = await mintLabDevice(lab.user, { ...lab, lab: "cross-site" });
  try {
    const session = cookieOf(device.session);
    const jwt = cookieOf(device.jwt);
    const evil = { method: "POST" as const, origin: EVIL_ORIGIN };
    const sessionAttack = await probe(base, "/api/session/logout", session, { ...evil, body: { scope: "everywhere" } });
    const tokenAttack = await probe(base, "/api/token/revocation-mode", jwt, { ...evil, body: { enabled: true } });
    // What a foreign page's fetch can send: cookies at best — never our Authorization header (it cannot read our
    // localStorage, and the browser adds none by itself).
    const bearerAttack = await probe(base, "/api/bearer/me", { kind: "none" }, { origin: EVIL_ORIGIN });
    // Even with the token (stolen some other way), the answer carries no CORS header: the foreign page cannot read it.
    const bearerWithToken = await probe(base, "/api/bearer/me", bearerOf(device.bearer.accessToken), {
      origin: EVIL_ORIGIN,
    });
    const still = {
      session: await probe(base, "/api/session/me", session),
      jwt: await probe(base, "/api/token/me", jwt),
    };
    return {
      lab: "cross-site",
      ranAt: new Date().toISOString(),
      steps: [
        `Requests were sent with Origin: ${EVIL_ORIGIN} and the captured cookie attached (the worst case).`,
        `Afterwards: session still signed in → ${still.session.status}; JWT still signed in → ${still.jwt.status}.`,
      ],
      rows: [
        row(
          "session",
          "session",
          "Session: POST /api/session/logout {everywhere}",
          sessionAttack,
          "Refused by the Origin check (403). SameSite=Lax already keeps the cookie off cross-site POSTs.",
        ),
        row(
          "jwt",
          "token",
          "next-auth JWT: POST /api/token/revocation-mode",
          tokenAttack,
          "Refused by the Origin check (403); the cookie is SameSite=Lax too, and Auth.js's own POSTs need its CSRF token.",
        ),
        row(
          "bearer",
          "bearer",
          "Bearer: GET /api/bearer/me with what the browser sends",
          bearerAttack,
          "No Authorization header is sent automatically: 401. Cookies do not authenticate the bearer API.",
        ),
        row(
          "bearer-cors",
          "bearer",
          "Bearer: the same with a stolen token",
          bearerWithToken,
          `Answered — but without Access-Control-Allow-Origin (${bearerWithToken.allowOrigin ?? "none"}), so the foreign page cannot read it.`,
        ),
      ],
      notes: [],
    };
  } finally {
    await disposeLabDevice(device);
  }
}
