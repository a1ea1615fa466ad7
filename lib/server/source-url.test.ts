import { describe, expect, it } from "vitest";
import { sourceBaseUrl, sourceLink } from "@/lib/server/source-url";

describe("the source URL the panels link to", () => {
  it("takes SOURCE_URL as given, without a trailing slash", () => {
    expect(sourceBaseUrl({ SOURCE_URL: "https://github.com/acme/svt/blob/main/" })).toBe(
      "https://github.com/acme/svt/blob/main",
    );
    expect(sourceLink("https://github.com/acme/svt/blob/main", "lib/labs/replay.ts")).toBe(
      "https://github.com/acme/svt/blob/main/lib/labs/replay.ts",
    );
  });

  it("derives it on Vercel from the Git variables, pinned to the deployed commit", () => {
    const vercel = {
      VERCEL_GIT_PROVIDER: "github",
      VERCEL_GIT_REPO_OWNER: "acme",
      VERCEL_GIT_REPO_SLUG: "sessions-vs-tokens",
      VERCEL_GIT_COMMIT_SHA: "0123abc",
      VERCEL_GIT_COMMIT_REF: "main",
    };
    expect(sourceBaseUrl(vercel)).toBe("https://github.com/acme/sessions-vs-tokens/blob/0123abc");
    expect(sourceBaseUrl({ ...vercel, VERCEL_GIT_PROVIDER: "gitlab" })).toBe(
      "https://gitlab.com/acme/sessions-vs-tokens/-/blob/0123abc",
    );
    expect(sourceBaseUrl({ ...vercel, VERCEL_GIT_PROVIDER: "bitbucket" })).toBe(
      "https://bitbucket.org/acme/sessions-vs-tokens/src/0123abc",
    );
    // SOURCE_URL wins over the derived one.
    expect(sourceBaseUrl({ ...vercel, SOURCE_URL: "https://git.example/svt/tree" })).toBe(
      "https://git.example/svt/tree",
    );
  });

  it("is null when nothing is configured, or what is configured is not a usable URL", () => {
    expect(sourceBaseUrl({})).toBeNull();
    expect(sourceBaseUrl({ SOURCE_URL: "not a url" })).toBeNull();
    expect(sourceBaseUrl({ SOURCE_URL: "javascript:alert(1)" })).toBeNull();
    expect(sourceBaseUrl({ VERCEL_GIT_PROVIDER: "github", VERCEL_GIT_REPO_OWNER: "acme" })).toBeNull();
    expect(
      sourceBaseUrl({
        VERCEL_GIT_PROVIDER: "unknown",
        VERCEL_GIT_REPO_OWNER: "acme",
        VERCEL_GIT_REPO_SLUG: "svt",
        VERCEL_GIT_COMMIT_SHA: "abc",
      }),
    ).toBeNull();
    expect(sourceLink(null, "lib/labs/replay.ts")).toBeNull();
  });
});
