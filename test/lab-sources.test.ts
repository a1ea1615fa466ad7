import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { LAB_PANELS, labSources } from "@/app/compare/lab-sources";

/** Every path a /compare panel names exists in the repository, so no panel links to nothing. */
describe("lab panels name real files", () => {
  const sources = labSources({
    origin: "https://svt.example",
    sessionCookie: "__Host-svt_session",
    jwtCookie: "__Secure-authjs.session-token",
    verifierUrl: null,
    accessKey: "svt.bearer.accessToken",
  });

  it.each(LAB_PANELS)("%s: its files and ADRs exist, and its commands aim at this origin", (panel) => {
    const info = sources[panel];
    expect(info.files.length).toBeGreaterThan(0);
    expect(info.adrs.length).toBeGreaterThan(0);
    for (const file of [...info.files, ...info.adrs.map((adr) => adr.path)]) {
      expect(existsSync(path.join(process.cwd(), file)), file).toBe(true);
    }
    for (const adr of info.adrs) expect(path.basename(adr.path).startsWith(adr.number)).toBe(true);
    const commands = [info.api, ...info.byHand.map((step) => step.command)].filter(Boolean) as string[];
    expect(commands.length).toBeGreaterThan(0);
    for (const command of commands.filter((c) => c.startsWith("curl"))) {
      expect(command).toMatch(/https:\/\/svt\.example|<accessToken>/);
    }
  });
});
