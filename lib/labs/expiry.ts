import "server-only";
import { db } from "@/lib/server/db";
import { LAB_SHORT_LIFETIMES } from "@/lib/strategy/credential-policy";
import { BEARER_CLOCK_TOLERANCE } from "@/lib/token/bearer";
import { identitySummary, type LabContext } from "@/lib/labs/context";
import { disposeLabDevice, mintLabDevice, type LabDevice } from "@/lib/labs/device";
import { bearerOf, cookieOf, probe, type Probe } from "@/lib/labs/probe";
import { labResult, row, type LabResult } from "@/lib/labs/types";

/**
 * Watch it expire: a lab identity whose credentials get the short lifetimes only a lab identity can receive
 * (the credential policy's LAB_SHORT_LIFETIMES: session idle 15 s / absolute 60 s, JWT 20 s, bearer access 10 s),
 * probed once a second over real HTTP, each report streamed to the page as it happens. Nothing is stored between
 * requests and nothing reaches the browser but the reports: the credentials stay in this function.
 *
 * - Session, unused: never sent after sign-in, so it cannot slide. It is watched through its row (the server reads
 *   it without using it: a request would renew it), then sent once, just after its idle end: refused.
 * - Session, renewing: sent every 2 s, like a page in use. Each use slides its idle end; it outlives the unused one
 *   by far and ends only at its absolute cap.
 * - next-auth JWT: asked every second, and renewed through Auth.js's own session endpoint every 5 s. Auth.js writes a
 *   new `exp` a day ahead each time (its global maxAge); the policy's own `lab_end` check still ends it at 20 s.
 * - Bearer access token: asked every second; refused once its `exp` plus the verifiers' clock-skew tolerance passed.
 */

export const EXPIRY_TITLE = "Watch it expire";
const TICK_MS = 1000;
const RENEW_SESSION_EVERY = 2; // ticks
const RENEW_JWT_EVERY = 5; // ticks
/** A probe this long after an expected end shows the refusal at that second, not at the next tick. */
const AFTER_END_MS = 150;
/** The lab stops by itself this long after the last expected end, whatever happened. */
const GRACE_MS = 5_000;

export type ExpiryKey = "session-idle" | "session-renewing" | "jwt" | "bearer-access";

/** One credential, as every tick reports it. */
export type ExpiryCredential = {
  key: ExpiryKey;
  label: string;
  area: "session" | "token" | "bearer";
  /** Its rule, in words ("idle 15 s, at most 60 s"). */
  rule: string;
  /** When it should be refused (ISO). */
  endsAt: string;
  /** Milliseconds until then, as of this report (negative once passed). */
  endsInMs: number;
  state: "alive" | "ended";
  /** The last answer: HTTP status, or "row" when the server only read its row. */
  last: { via: "http" | "row"; status: number | null; at: string; name: string | null } | null;
  lastAcceptedAt: string | null;
  endedAt: string | null;
  /** Uses (requests) and renewals the lab made. */
  uses: number;
  renewals: number;
};

export type ExpiryTick = { elapsedMs: number; at: string; credentials: ExpiryCredential[] };

export type ExpiryResult = LabResult & { startedAt: string; credentials: ExpiryCredential[] };

type Tracked = ExpiryCredential & {
  endsAtMs: number;
  firstProbe: Probe | null;
  refusal: Probe | null;
  aliveAfterIdle: Probe | null;
};

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (ms <= 0) return resolve();
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
  });

/** The `exp` of an access token (its payload read, not verified: the verifier is what the probes ask). */
function accessExp(token: string): number {
  const payload = JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString("utf8")) as { exp: number };
  return payload.exp;
}

/** The idle and absolute ends of a session row, read without using it (no renewal, no log line). */
async function peekSession(id: string): Promise<{ idle: number; absolute: number } | null> {
  const rows = await (
    await db()
  ).sql<{ idle: number; absolute: number }>(
    `SELECT (extract(epoch FROM idle_expires_at) * 1000)::float8 AS idle,
            (extract(epoch FROM absolute_expires_at) * 1000)::float8 AS absolute
       FROM sessions WHERE id = $1`,
    [id],
    "lab_expiry_peek_session",
  );
  return rows[0] ?? null;
}

export async function runExpiryLab(lab: LabContext): Promise<ExpiryResult> {
  const { base } = lab;
  lab.progress({ type: "step", message: "Minting short-lived credentials for the lab identity…" });
  // Token times are whole seconds: minting just after a second starts makes every end land on the lab's own clock
  // (a JWT "20 s" is refused 20 s after the start, not 19.4).
  await sleep(1000 - (Date.now() % 1000) + 5, lab.signal);
  const start = Date.now();
  const idleDevice = await mintLabDevice(lab, "watch it expire: unused", "short");
  const usedDevice = await mintLabDevice(lab, "watch it expire: in use", "short");
  const startedAt = new Date(start).toISOString();
  const L = LAB_SHORT_LIFETIMES;
  const accessEnd = (accessExp(idleDevice.bearer.accessToken) + BEARER_CLOCK_TOLERANCE) * 1000;
  const make = (
    key: ExpiryKey,
    label: string,
    area: ExpiryCredential["area"],
    rule: string,
    endsAtMs: number,
  ): Tracked => ({
    key,
    label,
    area,
    rule,
    endsAtMs,
    endsAt: new Date(endsAtMs).toISOString(),
    endsInMs: endsAtMs - Date.now(),
    state: "alive",
    last: null,
    lastAcceptedAt: null,
    endedAt: null,
    uses: 0,
    renewals: 0,
    firstProbe: null,
    refusal: null,
    aliveAfterIdle: null,
  });
  const creds: Record<ExpiryKey, Tracked> = {
    "session-idle": make(
      "session-idle",
      "Session, unused",
      "session",
      `idle ${L.sessionIdle} s (never used after sign-in)`,
      idleDevice.ends.sessionIdle,
    ),
    "session-renewing": make(
      "session-renewing",
      "Session, used every 2 s",
      "session",
      `idle ${L.sessionIdle} s, sliding on use; at most ${L.sessionAbsolute} s`,
      usedDevice.ends.session,
    ),
    jwt: make(
      "jwt",
      "next-auth JWT, renewed every 5 s",
      "token",
      `${L.jwt} s from issue, however often Auth.js renews it`,
      idleDevice.ends.jwt,
    ),
    "bearer-access": make(
      "bearer-access",
      "Bearer access token",
      "bearer",
      `exp ${L.bearerAccess} s after issue, + ${BEARER_CLOCK_TOLERANCE} s clock-skew tolerance`,
      accessEnd,
    ),
  };
  // What a browser's jar would hold: cookies the server re-issues replace the ones sent.
  const jar = { session: usedDevice.session.value, jwt: idleDevice.jwt.value };

  const record = (c: Tracked, p: Probe) => {
    c.uses++;
    c.last = { via: "http", status: p.status, at: p.at, name: p.name };
    c.firstProbe ??= p;
    if (p.status < 400) {
      c.lastAcceptedAt = p.at;
      if (c.key === "session-renewing" && Date.parse(p.at) >= idleDevice.ends.sessionIdle) c.aliveAfterIdle = p;
    } else if (c.state === "alive") {
      c.state = "ended";
      c.endedAt = p.at;
      c.refusal = p;
    }
  };
  const probes = {
    "session-idle": async () =>
      record(creds["session-idle"], await probe(base, "/api/session/me", cookieOf(idleDevice.session))),
    "session-renewing": async () => {
      const p = await probe(base, "/api/session/me", cookieOf({ name: usedDevice.session.name, value: jar.session }));
      const fresh = p.setCookies?.[usedDevice.session.name];
      if (fresh) {
        jar.session = fresh;
        creds["session-renewing"].renewals++;
      }
      record(creds["session-renewing"], p);
      // A renewal moves the idle end; only the absolute end stays where it was.
    },
    jwt: async () =>
      record(creds.jwt, await probe(base, "/api/token/me", cookieOf({ name: idleDevice.jwt.name, value: jar.jwt }))),
    "jwt-renew": async () => {
      // Auth.js's sliding renewal: re-encodes the cookie with a new exp (a day ahead), unless our check refuses it.
      const p = await probe(base, "/api/auth/session", cookieOf({ name: idleDevice.jwt.name, value: jar.jwt }));
      const fresh = p.setCookies?.[idleDevice.jwt.name];
      if (fresh) {
        jar.jwt = fresh;
        creds.jwt.renewals++;
      }
    },
    "bearer-access": async () =>
      record(creds["bearer-access"], await probe(base, "/api/bearer/me", bearerOf(idleDevice.bearer.accessToken))),
  };
  const peekIdle = async () => {
    const c = creds["session-idle"];
    const row = await peekSession(idleDevice.session.id);
    const now = Date.now();
    // 200: the row would still be accepted; 401: it is past an end (the next request will find it expired).
    const alive = row !== null && row.idle > now && row.absolute > now;
    c.last = { via: "row", status: alive ? 200 : 401, at: new Date(now).toISOString(), name: null };
  };

  const report = (now = Date.now()) => {
    const credentials = Object.values(creds).map((c): ExpiryCredential => {
      const { endsAtMs: _e, firstProbe: _f, refusal: _r, aliveAfterIdle: _a, ...plain } = c;
      return { ...plain, endsInMs: c.endsAtMs - now };
    });
    lab.progress({ type: "tick", tick: { elapsedMs: now - start, at: new Date(now).toISOString(), credentials } });
    return credentials;
  };

  // Exact probes just after each expected end (the idle session's only use after sign-in is this one). A failure
  // is kept and rethrown at the end, never left as an unhandled rejection.
  let failure: unknown = null;
  const exact = Object.values(creds)
    .map(async (c) => {
      await sleep(c.endsAtMs + AFTER_END_MS - Date.now(), lab.signal);
      if (lab.signal?.aborted || c.state === "ended") return;
      if (c.key === "session-idle") await probes["session-idle"]();
      else if (c.key === "session-renewing") await probes["session-renewing"]();
      else if (c.key === "jwt") await probes.jwt();
      else await probes["bearer-access"]();
      report();
    })
    .map((p) => p.catch((error: unknown) => void (failure ??= error)));

  const lastEnd = Math.max(...Object.values(creds).map((c) => c.endsAtMs));
  try {
    lab.progress({ type: "step", message: "Watching: every credential is asked once a second." });
    // The unused session's one use at sign-in (it does not renew: nothing to slide yet).
    await Promise.all([
      probes["session-idle"](),
      probes["session-renewing"](),
      probes.jwt(),
      probes["bearer-access"](),
    ]);
    report();
    for (let tick = 1; !lab.signal?.aborted; tick++) {
      await sleep(start + tick * TICK_MS - Date.now(), lab.signal);
      if (lab.signal?.aborted) break;
      const work: Promise<unknown>[] = [];
      if (creds["session-idle"].state === "alive") work.push(peekIdle());
      if (creds["session-renewing"].state === "alive" && tick % RENEW_SESSION_EVERY === 0)
        work.push(probes["session-renewing"]());
      if (creds.jwt.state === "alive") {
        work.push(tick % RENEW_JWT_EVERY === 0 ? probes["jwt-renew"]().then(probes.jwt) : probes.jwt());
      }
      if (creds["bearer-access"].state === "alive") work.push(probes["bearer-access"]());
      await Promise.all(work);
      report();
      const allEnded = Object.values(creds).every((c) => c.state === "ended");
      if (allEnded || Date.now() > lastEnd + GRACE_MS) break;
    }
    await Promise.all(exact);
    if (failure) throw failure;
    const credentials = report();
    return {
      ...expiryRows(lab, creds, startedAt),
      startedAt,
      credentials,
    };
  } finally {
    await disposeLabDevice(idleDevice);
    await disposeLabDevice(usedDevice);
  }
}

/** Seconds after the start, for words ("refused at 15.2 s"). */
const at = (iso: string | null, start: string) =>
  iso === null ? "—" : `${((Date.parse(iso) - Date.parse(start)) / 1000).toFixed(1)} s`;

function expiryRows(lab: LabContext, creds: Record<ExpiryKey, Tracked>, startedAt: string): LabResult {
  const rowOf = (c: Tracked, stillWorks: string, ended: string, note: string) => {
    const onTime = c.refusal !== null && Date.parse(c.refusal.at) >= c.endsAtMs - 1000;
    return row({
      key: c.key,
      area: c.area,
      label: c.label,
      event: `its lifetime: ${c.rule}`,
      before:
        c.key === "session-renewing" ? (c.aliveAfterIdle ?? c.firstProbe ?? undefined) : (c.firstProbe ?? undefined),
      after: c.refusal ?? lastProbeOf(c),
      judge: {
        accepted: ["exposed", stillWorks],
        refused: onTime
          ? ["safe", ended]
          : [
              "neutral",
              `Refused before its end (at ${at(c.endedAt, startedAt)}, expected ${at(c.endsAt, startedAt)}).`,
            ],
      },
      note,
    });
  };
  const idle = creds["session-idle"];
  const used = creds["session-renewing"];
  const jwt = creds.jwt;
  const bearer = creds["bearer-access"];
  const L = LAB_SHORT_LIFETIMES;
  return labResult({
    lab: "expiry",
    title: EXPIRY_TITLE,
    ranAt: startedAt,
    identity: identitySummary(lab.identity),
    steps: [
      `Short-lived credentials of the lab identity (${lab.identity.email}) were minted — lifetimes only a lab identity can be given.`,
      "Each was asked once a second over HTTP (the unused session only through its row: asking would have used it), and once more just after its expected end.",
    ],
    rows: [
      rowOf(
        idle,
        `Still accepted after ${L.sessionIdle} s without use: the idle timeout did not end it.`,
        `Ended on time: refused at ${at(idle.endedAt, startedAt)}, ${L.sessionIdle} s after its last use.`,
        "Unused, its idle end never moved; the first request after it finds the row expired and deletes it.",
      ),
      rowOf(
        used,
        `Still accepted after its ${L.sessionAbsolute} s absolute cap: use kept it alive past the cap.`,
        `Kept alive by use (${used.renewals} renewals; still accepted at ${at(used.aliveAfterIdle?.at ?? null, startedAt)}, long after the unused one died), then ended on time at its absolute cap: refused at ${at(used.endedAt, startedAt)}.`,
        "Every use past the renewal throttle slides the idle end; the absolute end never moves.",
      ),
      rowOf(
        jwt,
        `Still accepted after ${L.jwt} s: Auth.js's renewals extended it.`,
        `Ended on time: refused at ${at(jwt.endedAt, startedAt)} despite ${jwt.renewals} renewals that each wrote a new exp a day ahead.`,
        "Auth.js re-encodes every renewal with its global maxAge; the credential policy's own end claim (lab_end) is checked on every request.",
      ),
      rowOf(
        bearer,
        "Still accepted past its exp and the clock-skew tolerance.",
        `Ended on time: refused at ${at(bearer.endedAt, startedAt)} — its exp plus the ${BEARER_CLOCK_TOLERANCE} s every verifier allows for clocks that disagree.`,
        "Nothing on the server can end it sooner: the signature is the whole check.",
      ),
    ],
    notes: ["Your own credentials keep the configured lifetimes: these short ones exist only for lab identities."],
  });
}

function lastProbeOf(c: Tracked): Probe {
  return {
    request: c.last?.via === "row" ? "row read" : (c.firstProbe?.request ?? "—"),
    at: c.last?.at ?? new Date().toISOString(),
    ms: 0,
    status: c.last?.status ?? 0,
    name: c.last?.name ?? null,
    queries: null,
    error: null,
    allowOrigin: null,
  };
}

export type { LabDevice };
