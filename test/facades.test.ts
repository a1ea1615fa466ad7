import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/**
 * The three areas mirror each other (docs/decisions/0100-code-layout.md): each index.ts façade exports the same
 * verbs — create, read, revoke, describe — named after its area, and each is a function written in that area,
 * not something re-exported from elsewhere. A façade never re-exports a whole module (`export *`).
 */

const ROOT = process.cwd();
const AREAS = {
  session: { dir: "lib/session", suffix: "Session" },
  jwt: { dir: "lib/token/jwt", suffix: "Jwt" },
  bearer: { dir: "lib/token/bearer", suffix: "Bearer" },
} as const;
const VERBS = ["create", "read", "revoke", "describe"] as const;

const indexFile = (dir: string) => path.join(ROOT, dir, "index.ts");
const configFile = ts.readConfigFile(path.join(ROOT, "tsconfig.json"), ts.sys.readFile);
const parsed = ts.parseJsonConfigFileContent(configFile.config, ts.sys, ROOT);
const program = ts.createProgram(
  Object.values(AREAS).map((a) => indexFile(a.dir)),
  { ...parsed.options, noEmit: true },
);
const checker = program.getTypeChecker();

/** Where each exported name of an index is really declared, and whether that declaration is a function. */
function exportsOf(dir: string) {
  const source = program.getSourceFile(indexFile(dir))!;
  const moduleSymbol = checker.getSymbolAtLocation(source)!;
  return new Map(
    checker.getExportsOfModule(moduleSymbol).map((symbol) => {
      const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
      const declaration = target.declarations?.[0];
      // A function declaration, or a constant holding one (e.g. React's cache() around an async function).
      const isFunction =
        !!declaration &&
        (ts.isFunctionDeclaration(declaration) ||
          (ts.isVariableDeclaration(declaration) &&
            checker.getTypeOfSymbolAtLocation(target, declaration).getCallSignatures().length > 0));
      return [symbol.name, { file: declaration?.getSourceFile().fileName ?? "", isFunction }];
    }),
  );
}

describe("the areas' façades", () => {
  for (const [area, { dir, suffix }] of Object.entries(AREAS)) {
    it(`${dir}/index.ts exports ${VERBS.map((v) => `${v}${suffix}`).join(", ")}, each a function of the ${area} area`, () => {
      const exported = exportsOf(dir);
      for (const verb of VERBS) {
        const name = `${verb}${suffix}`;
        const found = exported.get(name);
        expect(found, `${dir}/index.ts does not export ${name}`).toBeDefined();
        expect(found!.isFunction, `${name} is not a function`).toBe(true);
        expect(path.relative(ROOT, found!.file), `${name} is declared outside ${dir}`).toMatch(new RegExp(`^${dir}/`));
      }
    });

    it(`${dir}/index.ts names what it exports (no export *)`, () => {
      const text = program.getSourceFile(indexFile(dir))!.getFullText();
      expect(text).not.toMatch(/export\s+\*/);
    });
  }

  it("the verbs are real functions at run time", async () => {
    const modules = [
      await import("@/lib/session"),
      await import("@/lib/token/jwt"),
      await import("@/lib/token/bearer"),
    ];
    const suffixes = Object.values(AREAS).map((a) => a.suffix);
    modules.forEach((loaded, i) => {
      for (const verb of VERBS)
        expect(typeof (loaded as Record<string, unknown>)[`${verb}${suffixes[i]}`]).toBe("function");
    });
  });
});
