#!/usr/bin/env node
// One Prisma major per process: every Prisma package the app loads at run time (the production dependency
// tree, `npm ls --omit=dev`) must be of @prisma/client's major. The CLI's 7.x adapter is a devDependency under
// an alias (@prisma/adapter-pg-cli) and is not loaded by the app (docs/decisions/0091-one-prisma-major.md).
// `@prisma/engines-version` is skipped: its version is the label of an engine build, not a Prisma release.
import { spawnSync } from "node:child_process";

const result = spawnSync("npm", ["ls", "--omit=dev", "--all", "--json"], { encoding: "utf8", maxBuffer: 64 << 20 });
const tree = JSON.parse(result.stdout || "{}");
const clientMajor = tree.dependencies?.["@prisma/client"]?.version?.split(".")[0];
if (!clientMajor) {
  console.error("@prisma/client is not in the production dependency tree.");
  process.exit(1);
}
const seen = new Map(); // "name@version" → first path
(function walk(node, trail) {
  for (const [name, child] of Object.entries(node.dependencies ?? {})) {
    if (!child.version) continue;
    const key = `${name}@${child.version}`;
    if (!seen.has(key)) seen.set(key, [...trail, key].join(" > "));
    walk(child, [...trail, key]);
  }
})(tree, []);
const prismaPackages = [...seen.keys()].filter(
  (key) => /^(prisma|@prisma\/[^@]+)@/.test(key) && !key.startsWith("@prisma/engines-version@"),
);
const strangers = prismaPackages.filter((key) => key.split("@").at(-1).split(".")[0] !== clientMajor);
console.log(`Prisma packages at run time (major ${clientMajor} expected): ${prismaPackages.sort().join(", ")}`);
if (strangers.length) {
  console.error(`Another Prisma major at run time:\n  ${strangers.map((key) => seen.get(key)).join("\n  ")}`);
  process.exit(1);
}
console.log("One Prisma major at run time.");
