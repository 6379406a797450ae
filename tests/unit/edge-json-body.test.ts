import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";

// The reader needs nothing of the database that respond.ts otherwise loads.
vi.mock("@/server/db", () => ({ isDatabaseAvailable: () => true, isPoolBusyError: () => false, noteDatabaseError: () => false }));

const { findUnstorableString, readJsonBody } = await import("@/server/api/json-body");
const { ApiError } = await import("@/server/api/respond");

const seed = process.env.PROPERTY_SEED;
fc.configureGlobal(seed === "random" ? {} : { seed: Number.isInteger(Number(seed)) && seed ? Number(seed) : 20261125 });

const post = (body: string | Uint8Array<ArrayBuffer>) => new Request("http://portal.example/api/v1/x", { method: "POST", body });

async function refusal(body: string | Uint8Array<ArrayBuffer>): Promise<InstanceType<typeof ApiError>> {
  const error = await readJsonBody(post(body), 1024).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, `accepted ${typeof body === "string" ? body.slice(0, 80) : "(bytes)"}`).toBeInstanceOf(ApiError);
  return error as InstanceType<typeof ApiError>;
}

const storable = fc.string({ unit: "grapheme", maxLength: 10 }).filter((s) => !s.includes("\0"));
const unstorable = fc.constantFrom("\\ud800", "\\udfff", "\\udbff\\u0041", "\\u0000", "a\\u0000b", "\\ud83d", "\\ude00x");

describe("the shared JSON body reader", () => {
  it("returns well-formed JSON as parsed", async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }).filter((v) => findUnstorableString(v) === null && JSON.stringify(v).length < 1000), async (value) => {
        expect(await readJsonBody(post(JSON.stringify(value)), 1024)).toEqual(value);
      }),
    );
    expect(await readJsonBody(post('{"name":"\\ud83d\\ude80 嫦娥"}'), 1024)).toEqual({ name: "🚀 嫦娥" });
  });

  it("refuses a lone surrogate or a NUL in any key or value with 400, naming where it is", async () => {
    await fc.assert(
      fc.asyncProperty(storable, unstorable, fc.constantFrom("value", "key", "nested"), async (text, bad, where) => {
        const escaped = JSON.stringify(text).slice(1, -1);
        const body =
          where === "value" ? `{"a":"${escaped}${bad}"}` : where === "key" ? `{"${bad}${escaped}":1}` : `{"a":[1,{"b":["${bad}"]}]}`;
        const error = await refusal(body);
        expect(error.status).toBe(400);
        expect(error.code).toBe("invalid_parameters");
        expect(error.issues?.[0]?.path).toEqual(where === "nested" ? ["a", 1, "b", 0] : where === "key" ? [JSON.parse(`"${bad}${escaped}"`)] : ["a"]);
      }),
    );
  });

  it("answers 400 to a body the client broke off, rather than letting its ECONNRESET pass for a lost database", async () => {
    const body = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"email":'));
        controller.error(Object.assign(new Error("aborted"), { code: "ECONNRESET" }));
      },
    });
    const request = new Request("http://portal.example/api/v1/x", { method: "POST", body, duplex: "half" } as RequestInit);
    const error = await readJsonBody(request, 1024).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as InstanceType<typeof ApiError>).status).toBe(400);
  });

  it("refuses what is not JSON, not UTF-8, too large or nested too deeply, with 400", async () => {
    for (const body of ["", "{", "{'a':1}", "nul", "[1,]", new Uint8Array([0x7b, 0xff, 0x7d]), new Uint8Array([0x22, 0xed, 0xa0, 0x80, 0x22]), `"${"x".repeat(2000)}"`, `${"[".repeat(40)}${"]".repeat(40)}`, `${"[".repeat(100_000)}`]) {
      expect((await refusal(body)).status).toBe(400);
    }
  });
});
