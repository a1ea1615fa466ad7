import { describe, expect, it } from "vitest";
import { z } from "zod";
import { MAX_JSON_BYTES, readJson } from "@/lib/security/json";

const schema = z.object({ email: z.string() });

function post(body: BodyInit | null, type: string | null = "application/json", headers: Record<string, string> = {}) {
  return new Request("http://localhost/api/x", {
    method: "POST",
    body,
    headers: { ...(type ? { "content-type": type } : {}), ...headers },
    // Node's fetch needs this for a streamed body.
    ...(body instanceof ReadableStream ? { duplex: "half" } : {}),
  } as RequestInit);
}

async function status(request: Request) {
  const result = await readJson(request, schema);
  return result.ok ? 200 : result.response.status;
}

describe("readJson", () => {
  it("accepts a JSON object of the right shape", async () => {
    const result = await readJson(post('{"email":"a@example.com"}'), schema);
    expect(result).toEqual({ ok: true, data: { email: "a@example.com" } });
  });

  it.each([
    ["text/plain", "text/plain"],
    ["no content type", null],
    ["form", "application/x-www-form-urlencoded"],
    ["lookalike", "application/jsonp"],
  ])("refuses %s with 415", async (_name, type) => {
    expect(await status(post('{"email":"a"}', type))).toBe(415);
  });

  it.each(['{"email":', "", "null", "[]", '"x"', "1", '{"email":1}', '{"email":{"$ne":""}}'])(
    "answers %j with 400",
    async (body) => {
      expect(await status(post(body))).toBe(400);
    },
  );

  it("refuses NUL characters in any string or key with 400", async () => {
    expect(await status(post('{"email":"a\\u0000b"}'))).toBe(400);
    expect(await status(post('{"email":"a","x":{"k\\u0000":1}}'))).toBe(400);
  });

  it("refuses a body over the limit with 413, whatever Content-Length claims", async () => {
    const big = JSON.stringify({ email: "x".repeat(MAX_JSON_BYTES) });
    expect(await status(post(big))).toBe(413);
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(big));
        controller.close();
      },
    });
    expect(await status(post(stream, "application/json", { "content-length": "10" }))).toBe(413);
  });

  it("never puts the input in its answer", async () => {
    const result = await readJson(post('{"email":{"ECHO_PROBE":1}}'), schema);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(await result.response.text()).not.toContain("ECHO_PROBE");
  });
});
