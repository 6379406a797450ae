import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { env } from "@/env";
import { findUnstorableString } from "@/server/api/json-body";
import { applicationSubmissionSchema, MAX_SUBMISSION_BODY_BYTES, MAX_UPLOAD_BODY_BYTES } from "@/lib/validation/application-api";
import { leadAnswers, notPdfBytes, payloadAnswers, pdfBytes, scienceAnswers, uniqueEmail } from "../factories/application-answers";
import { testPrisma } from "../support/database";
import { PRACTICE_CALL_SLUG } from "../../prisma/practice-call";
import {
  badCountry,
  badEmail,
  badNumberText,
  expectApiError,
  expectNoPollution,
  nastyString,
  pathSegment,
  pollutionKey,
  PUBLIC_ROUTE_TESTS,
  PROPERTY_TIMEOUT,
  RUNS,
  tooLong,
  unknownEnumValue,
  watchTables,
  type WriteAllowance,
} from "../support/property";

// The partner API's two writing endpoints driven with generated bad requests: every answer is a 4xx in the
// documented error shape (never a 5xx), and nothing is written but the rate-limit counters kept on purpose.
// Submissions go to the practice call, open while the tests run; the Tianwen-3 first round closed in 2025.

const request = vi.hoisted(() => ({ ip: "10.9.9.9" }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "x-portal-client-ip": request.ip }) }));

// High enough that a thousand refused attempts from one address meet validation, not the limiter; read by
// rate-limit.ts when it is first imported, below.
env.RATE_LIMIT_SUBMIT_PER_IP = 1_000_000;
// Partners reach the one submission handler at two addresses: the calls' and the opportunities' (the first one published).
const SUBMISSION_ROUTES = {
  opportunities: (await import("@/app/api/v1/opportunities/[slug]/applications/route")).POST,
  calls: (await import("@/app/api/v1/calls/[slug]/applications/route")).POST,
};
const { POST: postUpload } = await import("@/app/api/v1/uploads/route");
const { RATE_LIMITS } = await import("@/server/platform/rate-limit");

const BASE = "http://localhost:3000";
const noParams = { params: Promise.resolve({}) };
const covered = new Set<string>();

/** Rate-limit counters: the submission and upload endpoints count every attempt, invalid ones too, by design. */
const COUNTED_ATTEMPTS: WriteAllowance = { RateLimitBucket: "every attempt counts toward the per-address limit, refused ones included" };

describe("the partner submission endpoints under generated bad requests", { timeout: PROPERTY_TIMEOUT }, () => {
  let uploads: { technical: { uploadId: string; uploadToken: string }; letter: { uploadId: string; uploadToken: string } };

  async function uploadPdf(kind: string) {
    const form = new FormData();
    form.set("kind", kind);
    form.set("file", new File([pdfBytes(1500)], `${kind.toLowerCase()}.pdf`, { type: "application/pdf" }));
    const response = await postUpload(new NextRequest(`${BASE}/api/v1/uploads`, { method: "POST", body: form }), noParams);
    expect(response.status).toBe(201);
    const { data } = (await response.json()) as { data: { uploadId: string; uploadToken: string } };
    return { uploadId: data.uploadId, uploadToken: data.uploadToken };
  }

  beforeAll(async () => {
    uploads = { technical: await uploadPdf("TECHNICAL_DESCRIPTION"), letter: await uploadPdf("LETTER_OF_SUPPORT") };
  });

  const validBody = () => ({
    email: uniqueEmail("partner"),
    locale: "en",
    lead: leadAnswers(),
    payload: payloadAnswers(),
    science: scienceAnswers(),
    attachments: [uploads.technical, uploads.letter],
  });

  /** A bad value for one place in a submission: wrong types, too long, unknown enums, malformed codes. */
  const badLeaf = fc.oneof(
    fc.constantFrom(null, true, false, 0, -1, 1e308, [], {}, [[]]),
    nastyString,
    tooLong(4000),
    fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
    fc.double({ max: -Number.MIN_VALUE, noNaN: true }),
  );

  /** Replaces, removes or adds fields of a valid submission; the shared schema must then refuse it. */
  const mutatedBody = fc
    .array(
      fc.oneof(
        fc.record({ op: fc.constant("set" as const), path: fc.constantFrom(
          ["email"], ["locale"], ["lead"], ["lead", "institutionName"], ["lead", "institutionType"], ["lead", "country"], ["lead", "contactEmail"],
          ["lead", "participants"], ["lead", "participants", 0, "country"], ["payload", "carrier"], ["payload", "payloadKind"], ["payload", "massKg"],
          ["payload", "trl"], ["payload", "lengthMm"], ["payload", "averagePowerW"], ["science", "objectives"], ["science", "objectives", 0],
          ["science", "expectedResults"], ["attachments"], ["attachments", 0], ["attachments", 0, "uploadId"], ["attachments", 0, "uploadToken"],
        ), value: badLeaf }),
        fc.record({ op: fc.constant("set" as const), path: fc.constant(["email"]), value: badEmail }),
        fc.record({ op: fc.constant("set" as const), path: fc.constant(["lead", "country"]), value: badCountry }),
        fc.record({ op: fc.constant("set" as const), path: fc.constantFrom(["payload", "massKg"], ["payload", "trl"], ["payload", "peakPowerW"]), value: badNumberText }),
        fc.record({ op: fc.constant("set" as const), path: fc.constant(["payload", "massKg"]), value: fc.constantFrom(15.0001, 16, 1.0005, 0, -0.001, 1e9) }),
        fc.record({ op: fc.constant("set" as const), path: fc.constant(["lead", "participants"]), value: fc.constant(Array.from({ length: 5 }, () => ({ name: "Extra Institute", country: "DE" }))) }),
        fc.record({ op: fc.constant("delete" as const), path: fc.constantFrom(["email"], ["lead"], ["payload"], ["science"], ["attachments"], ["lead", "institutionName"], ["payload", "massKg"], ["science", "objectives"]) }),
        fc.record({ op: fc.constant("set" as const), path: fc.tuple(fc.oneof(pollutionKey, nastyString)).map(([k]) => [k]), value: badLeaf }),
      ),
      { minLength: 1, maxLength: 3 },
    )
    .map((mutations) => {
      const body = JSON.parse(JSON.stringify(validBodyTemplate)) as Record<string, unknown>;
      for (const m of mutations) {
        let parent = body as Record<string | number, unknown>;
        for (const key of m.path.slice(0, -1)) {
          const next = parent[key as string];
          if (typeof next !== "object" || next === null) break;
          parent = next as Record<string | number, unknown>;
        }
        const leaf = m.path.at(-1)!;
        if (m.op === "delete") delete parent[leaf as string];
        else Object.defineProperty(parent, leaf as string, { value: (m as { value: unknown }).value, enumerable: true, writable: true, configurable: true });
      }
      return body;
    })
    .filter((body) => !applicationSubmissionSchema.safeParse(JSON.parse(JSON.stringify(body))).success);

  // Filled in once the uploads exist; the arbitrary reads it lazily at generation time.
  let validBodyTemplate: ReturnType<typeof validBody>;
  beforeAll(() => {
    validBodyTemplate = validBody();
  });

  const badKey = fc.oneof(fc.constant(null), fc.constantFrom("", "not-a-uuid", "00000000-0000-0000-0000-00000000000g", "{5f0c3c0e-8f5e-4d55-9f55-2b7f0e3c1a11}"), nastyString.map((s) => s.replace(/[^\x20-\x7E]/g, "")), tooLong(40).map((s) => s.replace(/[^\x20-\x7E]/g, "x")));
  const contentType = fc.constantFrom("application/json", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "", "application/json; charset=utf-16");

  type SubmissionCase = { label: string; slug: string; body: string | Uint8Array<ArrayBuffer>; key: string | null; status: number[]; contentLength?: string };

  const submissionCases: fc.Arbitrary<SubmissionCase> = fc.oneof(
    // Another opportunity, or no such one: whatever the body.
    fc.oneof(nastyString, pollutionKey, fc.constantFrom("chang-e-5-sample-loans", "PRACTICE-CALL", `${PRACTICE_CALL_SLUG}-2`, `${PRACTICE_CALL_SLUG} `)).map((slug) => ({
      label: "slug", slug, body: JSON.stringify(validBodyTemplate), key: null, status: [404],
    })),
    // A call whose stages have all closed, with valid answers or bad ones (any JSON the reader takes): 409 call_closed
    // before the answers are looked at.
    fc.tuple(fc.oneof(fc.constant(null).map((): unknown => validBodyTemplate), mutatedBody.filter((body) => findUnstorableString(body) === null)), fc.option(badKey, { nil: undefined })).map(([body, key]) => ({
      label: "closed call", slug: "tianwen-3-payload-offer", body: JSON.stringify(body), key: key === undefined ? randomUUID() : key, status: [409],
    })),
    // Not JSON at all, or truncated JSON.
    fc.oneof(fc.uint8Array({ minLength: 0, maxLength: 200 }), nastyString.map((s) => `{ "email": ${s}`), fc.constantFrom("", "{", "[", "nul", "{'email': 'a@b.c'}", "\uFEFF{}")).map((body) => ({
      label: "not JSON", slug: PRACTICE_CALL_SLUG, body, key: randomUUID(), status: [400],
    })).filter((c) => { try { JSON.parse(typeof c.body === "string" ? c.body : new TextDecoder().decode(c.body)); return false; } catch { return true; } }),
    // JSON of the wrong shape.
    fc.oneof(fc.json(), fc.constantFrom("null", "[]", "0", "\"text\"", "true", "{\"__proto__\": {\"polluted\": true}}", "{\"constructor\": {\"prototype\": {\"polluted\": true}}}")).map((body) => ({
      label: "wrong shape", slug: PRACTICE_CALL_SLUG, body, key: randomUUID(), status: [400],
    })),
    // A submission with one to three bad fields.
    fc.tuple(mutatedBody, fc.option(badKey, { nil: undefined })).map(([body, key]) => ({
      label: "bad field", slug: PRACTICE_CALL_SLUG, body: JSON.stringify(body), key: key === undefined ? randomUUID() : key, status: [400],
    })),
    // A valid submission without a usable Idempotency-Key.
    badKey.map((key) => ({ label: "bad key", slug: PRACTICE_CALL_SLUG, body: JSON.stringify({ ...validBodyTemplate, email: uniqueEmail("partner") }), key, status: [400] })),
    // Uploads that do not exist, or the wrong token for a real one.
    fc.oneof(
      fc.constant({ uploadId: "no-such-upload", uploadToken: "x".repeat(43) }),
      fc.string({ minLength: 1, maxLength: 100 }).map((uploadToken) => ({ uploadId: uploads.technical.uploadId, uploadToken })),
      fc.string({ minLength: 1, maxLength: 64 }).map((uploadId) => ({ uploadId, uploadToken: uploads.technical.uploadToken })),
    ).filter((ref) => ref.uploadId !== uploads.technical.uploadId || ref.uploadToken !== uploads.technical.uploadToken)
      // A malformed uploadId is refused as invalid (400); a well-formed one that names no upload is not found (404).
      .map((ref) => ({ label: "unknown upload", slug: PRACTICE_CALL_SLUG, body: JSON.stringify({ ...validBodyTemplate, attachments: [ref, uploads.letter] }), key: randomUUID(), status: /^[A-Za-z0-9_-]+$/.test(ref.uploadId) ? [404] : [400] })),
    // A mass the schema allows but the service module cannot take.
    fc.integer({ min: 5001, max: 15000 }).map((grams) => ({
      label: "over capacity", slug: PRACTICE_CALL_SLUG, key: randomUUID(), status: [409],
      body: JSON.stringify({ ...validBodyTemplate, payload: { ...validBodyTemplate.payload, carrier: "SERVICE_MODULE", massKg: grams / 1000 } }),
    })),
    // A body longer than the limit, declared or actual.
    fc.constantFrom(true, false).map((declared) => ({
      label: "too large", slug: PRACTICE_CALL_SLUG, key: randomUUID(), status: [400],
      body: declared ? JSON.stringify(validBodyTemplate) : JSON.stringify({ ...validBodyTemplate, padding: "x".repeat(MAX_SUBMISSION_BODY_BYTES) }),
      contentLength: declared ? String(MAX_SUBMISSION_BODY_BYTES + 1) : undefined,
    })),
  );

  it(`/api/v1/calls/[slug]/applications and /api/v1/opportunities/[slug]/applications: ${RUNS} bad submissions answer 4xx in the error shape and create nothing`, async () => {
    covered.add("/api/v1/calls/[slug]/applications");
    covered.add("/api/v1/opportunities/[slug]/applications");
    // A different address from the uploads', so its counter is the only one that moves.
    request.ip = "10.9.9.10";
    const before = { applications: await testPrisma().application.count(), unattached: await testPrisma().attachment.count({ where: { applicationId: null } }) };
    const tables = await watchTables(COUNTED_ATTEMPTS);
    await fc.assert(
      fc.asyncProperty(submissionCases, contentType, fc.constantFrom("calls", "opportunities" as const), async (c, type, route) => {
        const headers: Record<string, string> = { "Content-Type": type };
        if (c.key !== null) headers["Idempotency-Key"] = c.key;
        if (c.contentLength) headers["Content-Length"] = c.contentLength;
        const req = new NextRequest(`${BASE}/api/v1/${route}/${pathSegment(c.slug)}/applications`, { method: "POST", headers, body: c.body });
        const response = await SUBMISSION_ROUTES[route](req, { params: Promise.resolve({ slug: c.slug }) });
        await expectApiError(response, `${c.label}: POST /api/v1/${route}/…/applications ${typeof c.body === "string" ? c.body.slice(0, 200) : "(bytes)"}`, c.status);
        expectNoPollution();
        await tables.check(c.label);
      }),
      { numRuns: RUNS },
    );
    expect(await testPrisma().application.count()).toBe(before.applications);
    expect(await testPrisma().attachment.count({ where: { applicationId: null } })).toBe(before.unattached);
    expect(RATE_LIMITS.submitPerIp.limit).toBe(1_000_000);
  });

  type UploadCase = { label: string; body: BodyInit | null; contentType: string | null; contentLength?: string };

  const badKind = fc.oneof(unknownEnumValue(["TECHNICAL_DESCRIPTION", "LETTER_OF_SUPPORT"]), pollutionKey);
  const goodKind = fc.constantFrom("TECHNICAL_DESCRIPTION", "LETTER_OF_SUPPORT");
  const fileName = fc.oneof(fc.constantFrom("a.pdf", "../../etc/passwd.pdf", "C:\\x\\y.pdf", "a\u0000b.pdf", "\u202Efdp.exe", ""), nastyString);
  const notPdf = fc.oneof(
    fc.constant(notPdfBytes()),
    fc.constant(new Uint8Array(0)),
    fc.uint8Array({ minLength: 1, maxLength: 400 }).filter((b) => !new TextDecoder().decode(b.slice(0, 5)).startsWith("%PDF-")),
    fc.constantFrom("<html><script>alert(1)</script></html>", "%PDF", "GIF89a%PDF-1.7", "\u0000%PDF-1.7\n%%EOF").map((s) => new TextEncoder().encode(s)),
  );

  function multipart(fields: [string, string | File][]): FormData {
    const form = new FormData();
    for (const [name, value] of fields) form.append(name, value);
    return form;
  }

  const uploadCases: fc.Arbitrary<UploadCase> = fc.oneof(
    // Not multipart form data.
    fc.tuple(fc.oneof(fc.uint8Array({ maxLength: 300 }), nastyString), fc.constantFrom(null, "application/json", "text/plain", "multipart/form-data", "multipart/form-data; boundary=", "multipart/form-data; boundary=zz", "application/pdf")).map(([body, contentType]) => ({ label: "not a form", body, contentType })),
    // A form with an unknown kind, whatever the file.
    fc.tuple(badKind, fc.option(fc.tuple(fileName, fc.constant(pdfBytes(1200))))).map(([kind, file]) => ({
      label: "bad kind", contentType: null,
      body: multipart([["kind", kind], ...(file ? [["file", new File([file[1]], file[0], { type: "application/pdf" })] as [string, File]] : [])]),
    })),
    // A known kind and a file that is not a PDF, is empty, or is not a file at all.
    fc.tuple(goodKind, fileName, notPdf, fc.constantFrom("application/pdf", "application/zip", "", "text/html")).map(([kind, name, bytes, type]) => ({
      label: "not a PDF", contentType: null, body: multipart([["kind", kind], ["file", new File([bytes as Uint8Array<ArrayBuffer>], name, { type })]]),
    })),
    fc.tuple(goodKind, fc.oneof(nastyString, fc.constant(""))).map(([kind, text]) => ({ label: "file as text", contentType: null, body: multipart([["kind", kind], ["file", text]]) })),
    goodKind.map((kind) => ({ label: "no file", contentType: null, body: multipart([["kind", kind]]) })),
    // Declared longer than the limit.
    goodKind.map((kind) => ({ label: "too large", contentType: null, contentLength: String(MAX_UPLOAD_BODY_BYTES + 1), body: multipart([["kind", kind], ["file", new File([pdfBytes(1200)], "a.pdf")]]) })),
  );

  it(`/api/v1/uploads: ${RUNS} bad uploads answer 400 in the error shape and store nothing`, async () => {
    covered.add("/api/v1/uploads");
    request.ip = "10.9.9.11";
    const tables = await watchTables(COUNTED_ATTEMPTS);
    await fc.assert(
      fc.asyncProperty(uploadCases, async (c) => {
        const headers = new Headers();
        if (c.contentLength) headers.set("Content-Length", c.contentLength);
        const req = new NextRequest(`${BASE}/api/v1/uploads`, { method: "POST", body: c.body, headers });
        if (c.contentType !== null) req.headers.set("content-type", c.contentType);
        const response = await postUpload(req, noParams);
        expect((await expectApiError(response, `${c.label}: POST uploads`, [400])).code).toBe("invalid_parameters");
        await tables.check(c.label);
      }),
      { numRuns: RUNS },
    );
  });

  it("covered every route this file is responsible for", () => {
    const mine = Object.entries(PUBLIC_ROUTE_TESTS).filter(([, file]) => file === "property-api-submissions").map(([route]) => route);
    expect([...covered].sort()).toEqual(mine.sort());
  });
});
