import { afterEach, describe, expect, it, vi } from "vitest";

/** A fresh copy of the module, so that its once-read list of ablations is read under this test's environment. */
async function fresh() {
  vi.resetModules();
  return import("@/lib/server/bench-build");
}

describe("the benchmark's switches (docs/decisions/0110-bench-only-peers-and-ablations.md)", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("outside the benchmark's build, BENCH_ABLATE switches nothing off", async () => {
    vi.stubEnv("SVT_BENCH_BUILD", "");
    vi.stubEnv("BENCH_ABLATE", "unseal-cache,decode-cache,verify-cache,session-batch");
    const { ABLATIONS, isAblated, isBenchBuild } = await fresh();
    expect(isBenchBuild()).toBe(false);
    for (const name of ABLATIONS) expect(isAblated(name)).toBe(false);
  });

  it("in the benchmark's build, exactly the listed optimisations are off", async () => {
    vi.stubEnv("SVT_BENCH_BUILD", "1");
    vi.stubEnv("BENCH_ABLATE", " verify-cache , session-batch");
    const { isAblated, isBenchBuild } = await fresh();
    expect(isBenchBuild()).toBe(true);
    expect(isAblated("verify-cache")).toBe(true);
    expect(isAblated("session-batch")).toBe(true);
    expect(isAblated("unseal-cache")).toBe(false);
    expect(isAblated("decode-cache")).toBe(false);
  });

  it("a benchmark build started without BENCH_ABLATE keeps everything on", async () => {
    vi.stubEnv("SVT_BENCH_BUILD", "1");
    vi.stubEnv("BENCH_ABLATE", undefined);
    const { ABLATIONS, isAblated } = await fresh();
    for (const name of ABLATIONS) expect(isAblated(name)).toBe(false);
  });
});

describe("the bearer verify cache honours the switch", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("remembers nothing and answers nothing while ablated, and works again in a normal process", async () => {
    const token = "a.b.c";
    const result = {
      header: { alg: "EdDSA", kid: "k1", typ: "at+jwt" },
      claims: { iat: 1, exp: 4_000_000_000 } as never,
      signature: "c",
    } as never;
    const ring = { byKid: new Map([["k1", { alg: "EdDSA" }]]) } as never;

    vi.stubEnv("SVT_BENCH_BUILD", "1");
    vi.stubEnv("BENCH_ABLATE", "verify-cache");
    let cache = await (vi.resetModules(), import("@/lib/token/bearer/internal/verify-cache"));
    cache.clearVerifyCache();
    cache.rememberVerify(token, result, 4_000_000_000, 0);
    expect(cache.verifyCacheSize()).toBe(0);
    expect(cache.cachedVerify(token, ring, 0)).toBeUndefined();

    vi.stubEnv("SVT_BENCH_BUILD", "");
    cache = await (vi.resetModules(), import("@/lib/token/bearer/internal/verify-cache"));
    cache.rememberVerify(token, result, 4_000_000_000, 0);
    expect(cache.cachedVerify(token, ring, 0)).toMatchObject({ signature: "c" });
    cache.clearVerifyCache();
  });
});
