import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  CREDENTIALS,
  EVENTS,
  WINDOWS,
  WINDOWS_TEST_FILE,
  cellTestTitle,
  windowsMarkdown,
} from "@/lib/strategy/credential-windows";

/** SECURITY.md and /settings show the same stolen-copy table: the one in lib/strategy/credential-windows.ts. */
describe("the stolen-copy window table", () => {
  it("is in SECURITY.md exactly as the module renders it (up to Prettier's column padding)", () => {
    const doc = readFileSync("SECURITY.md", "utf8");
    const block = doc.split("<!-- credential-windows:start -->")[1]?.split("<!-- credential-windows:end -->")[0];
    expect(block, "SECURITY.md has the credential-windows markers").toBeTruthy();
    expect(normalise(block!)).toEqual(normalise(windowsMarkdown()));
  });

  it("has a cell for every credential × event, each named after a test in the e2e spec", () => {
    const spec = readFileSync(WINDOWS_TEST_FILE, "utf8");
    expect(spec).toContain("cellTestTitle(credential.id, event.id)");
    for (const c of CREDENTIALS)
      for (const e of EVENTS) {
        expect(WINDOWS[c.id][e.id].window.length).toBeGreaterThan(0);
        expect(cellTestTitle(c.id, e.id)).toBe(`stolen ${c.id} after ${e.id}`);
      }
  });
});

/** A Markdown table's rows with each cell trimmed and the separator row reduced to `---`. */
function normalise(markdown: string): string[] {
  return markdown
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line.startsWith("|"))
    .map((line) =>
      line
        .split("|")
        .map((cell) => cell.trim().replace(/^-+$/, "---"))
        .join("|"),
    );
}
