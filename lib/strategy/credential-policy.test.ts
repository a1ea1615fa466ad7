import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

/**
 * "Nothing else mints": eslint.config.mjs refuses the minting functions' imports outside the credential policy
 * (and the areas' internals it calls). `npm run lint` applies the rule to the whole tree; these tests prove it
 * reports a deliberate violation, in each spelling a newcomer might try, and stays quiet where it must.
 */

const eslint = new ESLint({ cwd: process.cwd() });

async function mintingErrors(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages
    .filter((m) => m.ruleId === "no-restricted-imports" || m.ruleId === "no-restricted-syntax")
    .map((m) => m.message);
}

const violations: [string, string][] = [
  ["createSession from the session area", `import { createSession } from "@/lib/session";`],
  ["the session area's create module", `import { createSession } from "@/lib/session/create";`],
  ["createJwt from the JWT area", `import { createJwt } from "@/lib/token/jwt";`],
  ["the JWT encode", `import { encodeJwt } from "@/lib/token/jwt/internal/encode";`],
  ["next-auth's encode", `import { encode } from "next-auth/jwt";`],
  ["a namespace import of next-auth/jwt", `import * as jwt from "next-auth/jwt";`],
  ["createBearer from the bearer area", `import { createBearer } from "@/lib/token/bearer";`],
  ["rotateBearer from the bearer area", `import { rotateBearer } from "@/lib/token/bearer";`],
  ["bearer access signing", `import { signAccessToken } from "@/lib/token/bearer/internal/access-token";`],
  ["refresh issuing", `import { issueRefreshToken } from "@/lib/token/bearer/internal/refresh-store";`],
  ["refresh rotation", `import { rotateRefreshToken } from "@/lib/token/bearer/internal/refresh-store";`],
  ["jose's SignJWT", `import { SignJWT } from "jose";`],
  ["a relative path around the alias", `import { createSession } from "../session/create";`],
  ["a re-export", `export { createSession } from "@/lib/session";`],
  // Found by the review (issue 13): each of these passed the rule before.
  ["a session row inserted directly", `import { insertSession } from "@/lib/session/internal/store";`],
  ["a session row inserted with its event", `import { insertSessionLogged } from "@/lib/session/internal/store";`],
  ["a dynamic import of next-auth/jwt", `export const mint = async () => (await import("next-auth/jwt")).encode;`],
  ["a dynamic import of the JWT encode", `export const mint = () => import("@/lib/token/jwt/internal/encode");`],
  ["a dynamic relative import", `export const mint = () => import("../session/create");`],
  ["a dynamic import of a computed name", `export const mint = (m: string) => import(m);`],
  ["a file path into a package", `import { encode } from "../../node_modules/next-auth/jwt.js";`],
  ["jose's FlattenedEncrypt", `import { FlattenedEncrypt } from "jose";`],
];

describe("the credential-policy lint rule", () => {
  it.each(violations)("reports %s outside the policy", async (_what, code) => {
    const errors = await mintingErrors(`${code}\n`, "app/api/evil/route.ts");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/credential-policy\.ts/);
  });

  it("also in lib/ (a lab, a route helper) — not only in app/", async () => {
    expect(await mintingErrors(`import { createSession } from "@/lib/session";\n`, "lib/labs/new-lab.ts")).toHaveLength(
      1,
    );
  });

  it("allows the policy itself and the non-minting names of the same modules", async () => {
    expect(
      await mintingErrors(`import { createSession } from "@/lib/session";\n`, "lib/strategy/credential-policy.ts"),
    ).toEqual([]);
    expect(
      await mintingErrors(
        `import { readSession, revokeSession } from "@/lib/session";\nimport { decode } from "next-auth/jwt";\nimport { readBearer } from "@/lib/token/bearer";\n`,
        "app/api/fine/route.ts",
      ),
    ).toEqual([]);
    expect(
      await mintingErrors(`export const start = () => import("./lib/server/start");\n`, "instrumentation.ts"),
    ).toEqual([]);
  });
});
