import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

/**
 * The layout's boundaries (eslint.config.mjs `BOUNDARY_ZONES`, docs/decisions/0100-code-layout.md) are enforced by
 * `npm run lint`. These tests lint deliberate violations — each arrow the layout forbids, in the spellings a
 * newcomer might use — and prove each is reported, and that the allowed arrows stay quiet.
 */

const eslint = new ESLint({ cwd: process.cwd() });

async function boundaryErrors(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\n`, { filePath });
  return result!.messages.filter((m) => m.ruleId === "import/no-restricted-paths").map((m) => m.message);
}

const violations: [what: string, file: string, code: string, message: RegExp][] = [
  // session ↔ token, JWT ↔ bearer
  [
    "the session area importing the JWT area",
    "lib/session/evil.ts",
    `import { readJwt } from "@/lib/token/jwt";`,
    /session area never imports the token area/,
  ],
  [
    "the session area importing a bearer internal",
    "lib/session/internal/evil.ts",
    `import { hashRefreshToken } from "@/lib/token/bearer/internal/refresh-store";`,
    /session area never imports the token area/,
  ],
  [
    "the JWT area importing the session area",
    "lib/token/jwt/evil.ts",
    `import { readSession } from "@/lib/session";`,
    /token area never imports the session area/,
  ],
  [
    "the bearer area importing the session area by a relative path",
    "lib/token/bearer/internal/evil.ts",
    `import { hashSecret } from "../../../session/internal/secret";`,
    /token area never imports the session area/,
  ],
  [
    "the JWT area importing the bearer area",
    "lib/token/jwt/evil.ts",
    `import { readBearer } from "@/lib/token/bearer";`,
    /JWT and bearer flows are independent/,
  ],
  [
    "the bearer area importing the JWT area",
    "lib/token/bearer/evil.ts",
    `export { readJwt } from "@/lib/token/jwt";`,
    /JWT and bearer flows are independent/,
  ],
  // lib ↛ app
  [
    "lib importing a route",
    "lib/labs/evil.ts",
    `import { GET } from "@/app/api/bearer/me/route";`,
    /lib\/ never imports app\//,
  ],
  [
    "a test under lib importing a route",
    "lib/token/bearer/evil.test.ts",
    `import { GET } from "@/app/api/bearer/me/route";`,
    /lib\/ never imports app\//,
  ],
  [
    "lib importing a component",
    "lib/strategy/evil.ts",
    `import { SiteHeader } from "@/components/site-header";`,
    /lib\/ never imports app\/ or components\//,
  ],
  // accounts know no strategy
  [
    "accounts importing the session area",
    "lib/accounts/evil.ts",
    `import { readSession } from "@/lib/session";`,
    /lib\/accounts knows no strategy/,
  ],
  [
    "accounts importing the strategy layer",
    "lib/accounts/evil.ts",
    `import { parseStrategy } from "@/lib/strategy/preference";`,
    /lib\/accounts knows no strategy/,
  ],
  [
    "accounts importing the JWT area dynamically",
    "lib/accounts/evil.ts",
    `export const later = () => import("@/lib/token/jwt");`,
    /lib\/accounts knows no strategy/,
  ],
  // areas know no strategy
  [
    "an area importing the strategy layer",
    "lib/session/evil.ts",
    `import { currentViewer } from "@/lib/strategy/viewer";`,
    /An area never imports lib\/strategy/,
  ],
  [
    "the foundations importing an area",
    "lib/security/evil.ts",
    `import { readSession } from "@/lib/session";`,
    /import nothing above them/,
  ],
  [
    "the ground floor importing retention",
    "lib/server/evil.ts",
    `import { pruneSoon } from "@/lib/retention/soon";`,
    /lib\/server is the ground floor/,
  ],
  // app → an area's private files
  [
    "app importing a session internal",
    "app/evil/page.tsx",
    `import { hashSecret } from "@/lib/session/internal/secret";`,
    /session area only through its public files/,
  ],
  [
    "app importing a session verb file instead of the index",
    "app/evil/page.tsx",
    `import { describeSession } from "@/lib/session/describe";`,
    /session area only through its public files/,
  ],
  [
    "app importing a JWT internal by a relative path",
    "app/evil/route.ts",
    `import { parseTokenClaims } from "../../lib/token/jwt/internal/claims";`,
    /jwt area only through its public files/,
  ],
  [
    "app re-exporting a bearer internal",
    "app/evil/route.ts",
    `export { verifyAccessToken } from "@/lib/token/bearer/internal/access-token";`,
    /bearer area only through its public files/,
  ],
  [
    "components importing a JWT verb file",
    "components/evil.tsx",
    `import { readJwt } from "@/lib/token/jwt/read";`,
    /jwt area only through its public files/,
  ],
  [
    "the strategy layer importing a session internal",
    "lib/strategy/evil.ts",
    `import { deleteSession } from "@/lib/session/internal/store";`,
    /session area only through its public files/,
  ],
  [
    "a lab importing a bearer internal",
    "lib/labs/evil.ts",
    `import { revokeFamily } from "@/lib/token/bearer/internal/refresh-store";`,
    /bearer area only through its public files/,
  ],
  [
    "the strategy layer importing the Auth.js instance",
    "lib/strategy/evil.ts",
    `import { signIn } from "@/lib/token/jwt/nextauth";`,
    /Only routes and server actions use the Auth.js instance/,
  ],
  // the verdict: above the strategy layer, below the labs; only the labs write its measurements
  [
    "the strategy layer importing the verdict",
    "lib/strategy/evil.ts",
    `import { verdictTable } from "@/lib/verdict/table";`,
    /lib\/strategy never imports lib\/verdict/,
  ],
  [
    "an area importing the verdict",
    "lib/token/bearer/evil.ts",
    `import { readMeasurements } from "@/lib/verdict/store";`,
    /An area never imports lib\/strategy, lib\/verdict or lib\/labs/,
  ],
  [
    "the verdict importing a lab",
    "lib/verdict/evil.ts",
    `import { runCostLab } from "@/lib/labs/cost";`,
    /lib\/verdict never imports lib\/labs/,
  ],
  [
    "the verdict importing a session internal",
    "lib/verdict/evil.ts",
    `import { cookieAttributes } from "@/lib/session/internal/cookie";`,
    /session area only through its public files/,
  ],
  [
    "a page writing measurements",
    "app/evil/page.tsx",
    `import { recordMeasurements } from "@/lib/verdict/store";`,
    /Only the labs write measurements/,
  ],
  [
    "a route writing measurements by a relative path",
    "app/api/evil/route.ts",
    `export { recordMeasurements } from "../../../lib/verdict/store";`,
    /Only the labs write measurements/,
  ],
  // app → the database
  [
    "app importing the database",
    "app/api/evil/route.ts",
    `import { db } from "@/lib/server/db";`,
    /never touch the database/,
  ],
  [
    "app importing a database module",
    "app/evil/page.tsx",
    `import { readMigrations } from "@/lib/server/db/migrations";`,
    /never touch the database/,
  ],
  [
    "app importing the database dynamically",
    "app/evil/page.tsx",
    `export const later = () => import("@/lib/server/db");`,
    /never touch the database/,
  ],
  [
    "a component importing the database",
    "components/evil.tsx",
    `import { prisma } from "@/lib/server/db";`,
    /never touch the database/,
  ],
];

describe("the layout's boundaries (lint)", () => {
  it.each(violations)("reports %s", async (_what, file, code, message) => {
    const errors = await boundaryErrors(code, file);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(message);
  });

  it.each([
    [
      "app using an area's index",
      "app/evil/page.tsx",
      `import { readSession } from "@/lib/session";\nimport { readJwt } from "@/lib/token/jwt";\nimport { readBearer } from "@/lib/token/bearer";`,
    ],
    [
      "a route using the Auth.js instance",
      "app/api/evil/route.ts",
      `import { handlers } from "@/lib/token/jwt/nextauth";`,
    ],
    [
      "the Auth.js instance using the credential policy",
      "lib/token/jwt/nextauth.ts",
      `import { jwtCallback } from "@/lib/strategy/credential-policy";`,
    ],
    [
      "an area using its own internals",
      "lib/session/evil.ts",
      `import { hashSecret } from "@/lib/session/internal/secret";`,
    ],
    [
      "a lab recording measurements for the verdict",
      "lib/labs/evil.ts",
      `import { recordMeasurements } from "@/lib/verdict/store";`,
    ],
    ["a page reading the verdict's table", "app/evil/page.tsx", `import { verdictTable } from "@/lib/verdict/table";`],
    [
      "the strategy layer using both areas' indexes",
      "lib/strategy/evil.ts",
      `import { readSession } from "@/lib/session";\nimport { readJwt } from "@/lib/token/jwt";`,
    ],
    [
      "app using the outage check (no driver)",
      "app/evil/page.tsx",
      `import { isDatabaseUnavailable } from "@/lib/server/outage";`,
    ],
    [
      "a test using an area's internals for fixtures",
      "lib/strategy/evil.test.ts",
      `import { insertSession } from "@/lib/session/internal/store";`,
    ],
  ])("allows %s", async (_what, file, code) => {
    expect(await boundaryErrors(code, file)).toEqual([]);
  });
});

describe("the separate verifier's boundary (lint)", () => {
  /** Every import rule's messages: the paths rule for repository files, the imports rule for packages. */
  async function importErrors(code: string, filePath: string): Promise<string[]> {
    const [result] = await eslint.lintText(`${code}\n`, { filePath });
    return result!.messages
      .filter((m) => m.ruleId === "import/no-restricted-paths" || m.ruleId === "no-restricted-imports")
      .map((m) => m.message);
  }
  const ONLY_ITS_OWN = /services\/verifier imports only its own files and packages/;

  it.each([
    ["lib/ by a relative path", "services/verifier/evil.mjs", `import { env } from "../../lib/server/env.ts";`],
    ["lib/ through the @/ alias", "services/verifier/evil.mjs", `import { env } from "@/lib/server/env";`],
    [
      "the bearer area's key ring, from a function file",
      "services/verifier/api/evil.mjs",
      `import { keyRing } from "../../../lib/token/bearer/internal/keys";`,
    ],
    [
      "the database, dynamically",
      "services/verifier/evil.mjs",
      `export const later = () => import("../../lib/server/db/index.ts");`,
    ],
    [
      "a re-export of the bearer area",
      "services/verifier/evil.mjs",
      `export { readBearer } from "../../lib/token/bearer";`,
    ],
    ["the test harness", "services/verifier/evil.mjs", `import { newSecret } from "../../test/server-harness.mjs";`],
    ["app/", "services/verifier/evil.mjs", `import { GET } from "../../app/.well-known/jwks.json/route";`],
    ["a Postgres driver", "services/verifier/evil.mjs", `import pg from "pg";`],
    ["Prisma", "services/verifier/evil.mjs", `import { PrismaClient } from "@prisma/client";`],
    ["Auth.js", "services/verifier/evil.mjs", `import { decode } from "next-auth/jwt";`],
    ["iron-session", "services/verifier/evil.mjs", `import { unsealData } from "iron-session";`],
  ])("reports the verifier importing %s", async (_what, file, code) => {
    const errors = await importErrors(code, file);
    expect(errors.length).toBeGreaterThanOrEqual(1);
    expect(errors.some((e) => ONLY_ITS_OWN.test(e))).toBe(true);
  });

  it("reports the verifier importing a minting function of jose", async () => {
    expect(await importErrors(`import { SignJWT } from "jose";`, "services/verifier/evil.mjs")).toEqual([
      expect.stringMatching(/Mint credentials only through/),
    ]);
  });

  it("reports the app importing the verifier (it talks to it over HTTP)", async () => {
    for (const file of ["lib/labs/evil.ts", "app/evil/route.ts", "components/evil.tsx"]) {
      const errors = await boundaryErrors(`export { createVerifier } from "@/services/verifier/verifier.mjs";`, file);
      expect(errors, file).toEqual([expect.stringMatching(/never imports a separate service/)]);
    }
  });

  it.each([
    ["its own module", "services/verifier/api/evil.mjs", `import { createVerifier } from "../verifier.mjs";`],
    ["jose's verification", "services/verifier/evil.mjs", `import { createRemoteJWKSet, jwtVerify } from "jose";`],
    ["Node's http", "services/verifier/evil.mjs", `import http from "node:http";`],
  ])("allows the verifier %s", async (_what, file, code) => {
    expect(await importErrors(code, file)).toEqual([]);
  });

  it("holds for the verifier's real files", async () => {
    const results = await eslint.lintFiles(["services/verifier/**/*.mjs"]);
    expect(results.length).toBeGreaterThanOrEqual(4);
    for (const result of results) expect(result.messages, result.filePath).toEqual([]);
  });
});
