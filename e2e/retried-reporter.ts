import type { FullResult, Reporter, TestCase, TestResult } from "@playwright/test/reporter";

/**
 * Names every test that passed only on a retry (playwright.config.ts retries once on CI), so a flaky pass is
 * never hidden inside a green run: each gets a line at the end, with where its first-retry trace is.
 */
export default class RetriedReporter implements Reporter {
  private readonly retried: string[] = [];

  onTestEnd(test: TestCase, result: TestResult) {
    if (result.status === "passed" && result.retry > 0) {
      const trace = result.attachments.find((a) => a.name === "trace")?.path;
      this.retried.push(
        `${test.titlePath().filter(Boolean).join(" › ")} — passed on retry ${result.retry}${trace ? ` (trace: ${trace})` : ""}`,
      );
    }
  }

  onEnd(_result: FullResult) {
    if (this.retried.length === 0) {
      console.log("Retried passes: none (no test needed a retry).");
      return;
    }
    console.log(`\nRetried passes: ${this.retried.length} test(s) FLAKY — passed only on a retry:`);
    for (const line of this.retried) console.log(`  ⚠ ${line}`);
  }
}
