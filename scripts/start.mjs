#!/usr/bin/env node
// `npm start [-- -p 3000 …]`: `next start` with our own SIGTERM/SIGINT handling (NEXT_MANUAL_SIG_HANDLE: the
// app closes the database before it exits, lib/server/start.ts) and idle HTTP connections kept 65 s (Node's
// 5 s default races a reused connection into ECONNRESET; proxies idle out at 60 s). Runs Next's CLI in this
// very process, so signals reach the server directly; no shell syntax, so it works in cmd.exe too.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const next = require.resolve("next/dist/bin/next");
process.env.NEXT_MANUAL_SIG_HANDLE = "true";
process.argv = [process.argv[0], next, "start", "--keepAliveTimeout", "65000", ...process.argv.slice(2)];
require(next);
