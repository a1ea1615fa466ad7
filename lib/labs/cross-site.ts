import "server-only";
import { identitySummary, type LabContext } from "@/lib/labs/context";
import { disposeLabDevice, mintLabDevice } from "@/lib/labs/device";
import { bearerOf, cookieOf, probe } from "@/lib/labs/probe";
import type { Risk } from "@/lib/labs/risk";
import { labResult, row, type LabResult } from "@/lib/labs/types";

const EVIL_ORIGIN = "https://evil.example";
export const CROSS_SITE_TITLE = "A cross-site request";

/**
 * Cross-site request: what a page on another site could make a browser send. The server replays the worst case —
 * the lab identity's captured cookie attached AND `Origin: https://evil.example` — against a state-changing
 * endpoint of each area, then checks that nothing changed. (A real browser would not even attach the SameSite=Lax
 * cookies to a cross-site POST or fetch, and never adds an Authorization header by itself.)
 */
export async function runCrossSiteLab(lab: LabContext): Promise<LabResult> {
  const { base } = lab;
  const ranAt = new Date().toISOString();
  const device = await mintLabDevice(lab, "cross-site");
  try {
    const session = cookieOf(device.session);
    const jwt = cookieOf(device.jwt);
    const evil = { method: "POST" as const, origin: EVIL_ORIGIN };
    lab.progress({ type: "step", message: `Sending requests from ${EVIL_ORIGIN}…` });
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
    const blocked = (what: string): [Risk, string] => ["safe", `Blocked: ${what}`];
    return labResult({
      lab: "cross-site",
      title: CROSS_SITE_TITLE,
      ranAt,
      identity: identitySummary(lab.identity),
      steps: [
        `Requests were sent with Origin: ${EVIL_ORIGIN} and the lab identity's captured cookie attached (the worst case).`,
        `Afterwards: session still signed in → ${still.session.status}; JWT still signed in → ${still.jwt.status}.`,
      ],
      rows: [
        row({
          key: "session",
          area: "session",
          label: "Session: POST /api/session/logout {everywhere}",
          event: `sent from ${EVIL_ORIGIN}, cookie attached`,
          after: sessionAttack,
          judge: {
            accepted: ["exposed", "The forged request was carried out: another site signed the user out everywhere."],
            refused: blocked("another site cannot make this browser sign out (or change anything)."),
          },
          note: "Refused by the Origin check (403). SameSite=Lax already keeps the cookie off cross-site POSTs.",
        }),
        row({
          key: "jwt",
          area: "token",
          label: "next-auth JWT: POST /api/token/revocation-mode",
          event: `sent from ${EVIL_ORIGIN}, cookie attached`,
          after: tokenAttack,
          judge: {
            accepted: ["exposed", "The forged request was carried out: another site changed the account's settings."],
            refused: blocked("another site cannot change the account's settings."),
          },
          note: "Refused by the Origin check (403); the cookie is SameSite=Lax too, and Auth.js's own POSTs need its CSRF token.",
        }),
        row({
          key: "bearer",
          area: "bearer",
          label: "Bearer: GET /api/bearer/me with what the browser sends",
          event: `sent from ${EVIL_ORIGIN}`,
          after: bearerAttack,
          judge: {
            accepted: [
              "exposed",
              "Answered without a token: the bearer API trusted something the browser sends by itself.",
            ],
            refused: blocked("no Authorization header is sent automatically, so another site cannot act as the user."),
          },
          note: "No Authorization header is sent automatically: 401. Cookies do not authenticate the bearer API.",
        }),
        row({
          key: "bearer-cors",
          area: "bearer",
          label: "Bearer: the same with a stolen token",
          event: `sent from ${EVIL_ORIGIN} with the token`,
          after: bearerWithToken,
          judge:
            bearerWithToken.allowOrigin === null
              ? {
                  accepted: ["safe", "Answered, but unreadable: without CORS headers the foreign page sees nothing."],
                  refused: blocked("refused outright."),
                }
              : {
                  accepted: ["exposed", `Readable by ${bearerWithToken.allowOrigin}: CORS lets another site read it.`],
                  refused: blocked("refused outright."),
                },
          note: `Answered — but without Access-Control-Allow-Origin (${bearerWithToken.allowOrigin ?? "none"}), so the foreign page cannot read it.`,
        }),
      ],
      notes: [],
    });
  } finally {
    await disposeLabDevice(device);
  }
}
