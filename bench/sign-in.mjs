// Sign-in overhead: the server's CPU time per sign-in of each area (from the sign-in phases, bench/phases.mjs) as a
// multiple of one argon2id verification with the same parameters, measured in the same run in a process of its own
// (bench/argon2-reference.mjs). A sign-in is one argon2id verification plus everything around it (parsing, the two
// rate-limit statements, the user lookup, issuing the credential, the audit event); the multiple says how much the
// "around it" costs. Measured twice, before and after the sign-in phases' neighbours, and the lower taken, so a busy
// moment on a shared machine is not charged to the app.
import { spawnSync } from "node:child_process";
import path from "node:path";

/** Allowed CPU per sign-in as a multiple of one argon2id hash (next-auth's CSRF round and JWE are its own). */
export const SIGN_IN_TARGETS = { "session-login": 1.3, "bearer-login": 1.3, "nextauth-login": 1.6 };

export function argon2Reference(ctx) {
  const count = ctx.opts.quick ? 20 : 100;
  const result = spawnSync(process.execPath, [path.join(ctx.root, "bench/argon2-reference.mjs"), String(count)], {
    cwd: ctx.root,
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`argon2 reference failed: ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split("\n").at(-1));
}

export async function signInCost(ctx, outcome) {
  const samples = [argon2Reference(ctx), argon2Reference(ctx)];
  const reference = samples.reduce((a, b) => (a.cpuUsPerHash <= b.cpuUsPerHash ? a : b));
  const areas = Object.entries(SIGN_IN_TARGETS).map(([name, max]) => {
    const row = outcome.rows.find((r) => r.name === name);
    const multiple = row.cpuUsPerReq / reference.cpuUsPerHash;
    return { name, cpuUsPerSignIn: row.cpuUsPerReq, multiple, max, unexpected: row.unexpected };
  });
  ctx.log(
    `sign-in CPU vs one argon2id verification (${(reference.cpuUsPerHash / 1000).toFixed(2)} ms CPU): ` +
      areas.map((a) => `${a.name} ${(a.cpuUsPerSignIn / 1000).toFixed(2)} ms = ${a.multiple.toFixed(2)}×`).join(", "),
  );
  return { signInCost: { argon2: reference, argon2Samples: samples, areas } };
}
