#!/usr/bin/env node
// CI's check of the separate verifier as its own Vercel project (docs/deploy-vercel.md "The verifier"): builds a
// copy of services/verifier with the pinned Vercel CLI, offline, as a project whose Root Directory is that folder
// (framework "Other"), and checks what it produced:
//   - a function for /whoami and one for /health, each with runtime nodejs24.x;
//   - each function holds only the verifier's own files and jose: nothing of lib/, no database driver;
//   - the only static file is robots.txt (the source files are not served);
//   - the built /whoami function verifies a token with nothing but JWKS_URL in its environment.
// Exit code 0 when every check holds.
//
//   node scripts/verifier-build-check.mjs
import { spawn, spawnSync } from "node:child_process";
import { generateKeyPairSync, randomUUID, sign } from "node:crypto";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { calculateJwkThumbprint } from "jose";

const VERCEL_CLI = "vercel@58.10.0"; // as scripts/vercel-build-check.mjs
const RUNTIME = "nodejs24.x";
const ALLOWED = /^(\.vc-config\.json|api\/(whoami|health)\.mjs|verifier\.mjs|package\.json|node_modules\/jose\/.*)$/;

const failures = [];
const check = (ok, message) => {
  console.log(`  ${ok ? "✓" : "✗"} ${message}`);
  if (!ok) failures.push(message);
};
const filesIn = (dir, prefix = "") =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesIn(path.join(dir, entry.name), `${prefix}${entry.name}/`) : [`${prefix}${entry.name}`],
  );

const project = mkdtempSync(path.join(tmpdir(), "svt-verifier-project-"));
try {
  cpSync("services/verifier", project, { recursive: true });
  mkdirSync(path.join(project, ".vercel"));
  writeFileSync(
    path.join(project, ".vercel", "project.json"),
    JSON.stringify({ projectId: "prj_verifier_ci", orgId: "team_ci", settings: { framework: null } }),
  );
  const build = spawnSync("npx", ["-y", VERCEL_CLI, "build", "--yes"], {
    cwd: project,
    stdio: "inherit",
    // Its project's only variable. (The build itself needs none; the check below runs the function with it.)
    env: { PATH: process.env.PATH, HOME: process.env.HOME, JWKS_URL: "https://app.example/.well-known/jwks.json" },
  });
  if (build.status !== 0) {
    console.error(`\n${VERCEL_CLI} build of the verifier failed (exit ${build.status}).`);
    process.exit(1);
  }
  console.log("\nChecking the verifier's build output:");
  const output = path.join(project, ".vercel", "output");
  for (const name of ["whoami", "health"]) {
    const dir = path.join(output, "functions", "api", `${name}.func`);
    const config = JSON.parse(readFileSync(path.join(dir, ".vc-config.json"), "utf8"));
    check(config.runtime === RUNTIME, `/${name}: runtime ${config.runtime}`);
    const stray = filesIn(dir).filter((file) => !ALLOWED.test(file));
    check(
      stray.length === 0,
      `/${name}: only the verifier's files and jose${stray.length ? ` — not ${stray.join(", ")}` : ""}`,
    );
  }
  const statics = filesIn(path.join(output, "static"));
  check(statics.join() === "robots.txt", `static files: ${statics.join(", ")}`);

  // The built function, called as Vercel calls it, with a key set served here and nothing but JWKS_URL.
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const jwk = { ...publicKey.export({ format: "jwk" }), alg: "EdDSA", use: "sig" };
  const kid = await calculateJwkThumbprint(jwk);
  const server = http.createServer((_request, response) => {
    response.setHeader("content-type", "application/json");
    response.end(JSON.stringify({ keys: [{ ...jwk, kid }] }));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const jwksUrl = `http://localhost:${server.address().port}/.well-known/jwks.json`;
  // A throw-away token of a throw-away key (node:crypto signs it: the app's own signer is not needed here).
  const now = Math.floor(Date.now() / 1000);
  const part = (value) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const input = `${part({ alg: "EdDSA", kid, typ: "at+jwt" })}.${part({
    iss: "sessions-vs-tokens",
    aud: "sessions-vs-tokens:bearer-api",
    sub: randomUUID(),
    iat: now,
    exp: now + 60,
    jti: randomUUID(),
    token_use: "access",
    name: "CI",
    email: "ci@example.com",
  })}`;
  const token = `${input}.${sign(null, Buffer.from(input), privateKey).toString("base64url")}`;
  // Another process, as Vercel runs it: the handler module alone, with JWKS_URL and nothing else in its environment.
  const handler = pathToFileURL(path.join(output, "functions", "api", "whoami.func", "api", "whoami.mjs")).href;
  const call = `const { GET } = await import(${JSON.stringify(handler)});
    const answer = await GET(new Request("https://verifier.example/whoami", { headers: { authorization: "Bearer " + process.argv[1] } }));
    console.log(JSON.stringify({ status: answer.status, env: Object.keys(process.env), body: await answer.json() }));`;
  const child = spawn(process.execPath, ["--input-type=module", "-e", call, token], { env: { JWKS_URL: jwksUrl } });
  let printed = "";
  child.stdout.on("data", (chunk) => (printed += chunk));
  child.stderr.pipe(process.stderr);
  await new Promise((resolve) => child.once("close", resolve));
  const result = JSON.parse(printed || "{}");
  check(
    result.status === 200 && result.body?.user?.email === "ci@example.com",
    `the built /whoami verifies a token: HTTP ${result.status}`,
  );
  check(result.env?.join() === "JWKS_URL", `…with an environment of ${result.env?.join(", ")}`);
  server.close();
} finally {
  rmSync(project, { recursive: true, force: true });
}

if (failures.length) {
  console.error(`\n${failures.length} check(s) failed.`);
  process.exit(1);
}
console.log("\nThe verifier builds as its own Vercel project and runs from its output alone.");
