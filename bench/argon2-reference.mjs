#!/usr/bin/env node
// `node bench/argon2-reference.mjs <count>`: the CPU time of one argon2id verification with the app's parameters
// (lib/accounts/password-hash.ts: 19 MiB, 2 iterations, 1 lane), measured in a process of its own so nothing else
// is counted. Verifications run one at a time, as the server runs them on a 2-core machine (at most cores − 1 at
// once). Prints JSON: { count, cpuUsPerHash, wallMsPerHash }. bench/sign-in.mjs runs it in every bench run.
import { hash, verify } from "@node-rs/argon2";

const ARGON2 = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 };
const count = Math.max(1, Number(process.argv[2] ?? "50") || 50);
const password = "bench passphrase that is long enough";
const stored = await hash(password, ARGON2);
for (let i = 0; i < 3; i++) await verify(stored, password); // warm-up: the thread pool, the allocator
const cpu0 = process.cpuUsage();
const t0 = performance.now();
for (let i = 0; i < count; i++) {
  if (!(await verify(stored, password))) throw new Error("argon2 reference: verification failed");
}
const wall = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
console.log(JSON.stringify({ count, cpuUsPerHash: (cpu.user + cpu.system) / count, wallMsPerHash: wall / count }));
