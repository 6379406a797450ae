import { randomUUID } from "node:crypto";
import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { env } from "@/env";
import { MAX_ATTACHMENT_BYTES } from "@/lib/validation/application";
import { describeMessage, MAX_UPLOAD_BODY_BYTES } from "@/lib/validation/application-api";
import { createApiUpload, submitCompleteApplication, type ApiSubmissionResult } from "@/server/applications/api-submission";
import { RATE_LIMITS } from "@/server/platform/rate-limit";
import { getApplicantView } from "@/server/applications/service";
import { remainingByPool } from "@/server/calls/pools";
import { setClock } from "@/server/platform/clock";
import { hashToken } from "@/server/applications/tokens";
import { POST as postApplication } from "@/app/api/v1/opportunities/[slug]/applications/route";
import { POST as postUpload } from "@/app/api/v1/uploads/route";
import { leadAnswers, notPdfBytes, payloadAnswers, pdfBytes, scienceAnswers, uniqueEmail, uniqueIp } from "../factories/application-answers";
import { testPrisma } from "../support/database";
import { PRACTICE_CALL_SLUG, PRACTICE_REFERENCE_PREFIX } from "../../prisma/practice-call";

// Partners' one-request submission to the practice call (open from a day before seeding to a year after): the
// service against this file's database, then the route handlers called in-process for what HTTP adds (status codes,
// headers, body limits).

// The route handlers read the client's address the way runtime/server.mjs hands it over: from this request header.
const request = vi.hoisted(() => ({ ip: "10.0.0.1" }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "x-portal-client-ip": request.ip }) }));

type Kind = "TECHNICAL_DESCRIPTION" | "LETTER_OF_SUPPORT" | "CV";

async function upload(kind: Kind = "TECHNICAL_DESCRIPTION", bytes = pdfBytes(), name = "description.pdf") {
  const result = await createApiUpload({ kind, file: new File([bytes], name) });
  if (!result.ok) throw new Error(`upload refused: ${JSON.stringify(result)}`);
  return { uploadId: result.uploadId, uploadToken: result.uploadToken };
}

async function submissionBody(overrides: Record<string, unknown> = {}) {
  return {
    email: uniqueEmail("partner"),
    lead: leadAnswers(),
    payload: payloadAnswers(),
    science: scienceAnswers(),
    attachments: [await upload()],
    ...overrides,
  };
}

const submit = (body: unknown, idempotencyKey: string | null = randomUUID(), clientIp = uniqueIp()) =>
  submitCompleteApplication({ slug: PRACTICE_CALL_SLUG, body, idempotencyKey, clientIp });

function expectSubmitted(result: ApiSubmissionResult) {
  if (!result.ok) throw new Error(`submission refused: ${JSON.stringify(result)}`);
  return result;
}

const issuePaths = (result: ApiSubmissionResult) => (result.ok || !("issues" in result) ? [] : result.issues.map((i) => i.path.join(".")));

async function referenceCounter(): Promise<number> {
  const row = await testPrisma().referenceCounter.findUnique({ where: { prefix_year: { prefix: PRACTICE_REFERENCE_PREFIX, year: new Date().getUTCFullYear() } } });
  return row?.last ?? 0;
}

/** What a refused submission must not leave behind for this email, and the uploads it must leave free. */
async function expectNothingWritten(email: string, uploads: { uploadId: string; uploadToken: string }[]) {
  expect(await testPrisma().application.count({ where: { email } })).toBe(0);
  expect(await testPrisma().outboxEmail.count({ where: { to: email } })).toBe(0);
  for (const u of uploads) {
    const row = await testPrisma().attachment.findUniqueOrThrow({ where: { id: u.uploadId } });
    expect(row).toMatchObject({ applicationId: null, uploadTokenHash: hashToken(u.uploadToken) });
  }
}

async function setReservedKg(pool: "orbiter" | "service-module", reservedKg: number) {
  await testPrisma().resourcePool.updateMany({ where: { key: pool, opportunity: { slug: PRACTICE_CALL_SLUG } }, data: { reserved: reservedKg } });
}

/** The practice call's service module as a refusal names it: the pool of the call's form, in kilograms. */
const serviceModule = expect.objectContaining({ key: "service-module", label: { en: "Service module", zh: "服务舱" }, unit: { en: "kilograms", zh: "千克", symbol: "kg" } });

/** Fixes the clock mid-window, so that a run of attempts cannot straddle two rate-limit windows. */
function midWindow(windowSeconds: number): number {
  const windowMs = windowSeconds * 1000;
  const now = Math.floor(Date.now() / windowMs) * windowMs + windowMs / 2;
  vi.useFakeTimers({ toFake: ["Date"], now });
  return now - windowMs / 2;
}

afterEach(async () => {
  vi.useRealTimers();
  setClock(null);
  await setReservedKg("service-module", 0);
});

describe("uploads", () => {
  it("stores a PDF unattached, keeping only the hash of its token", async () => {
    const result = await createApiUpload({ kind: "LETTER_OF_SUPPORT", file: new File([pdfBytes(2048)], "Support <ESA>.pdf") });
    if (!result.ok) throw new Error("refused");
    expect(result).toMatchObject({ fileName: "Support ESA.pdf", sizeBytes: 2048 });
    expect(result.uploadToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const row = await testPrisma().attachment.findUniqueOrThrow({ where: { id: result.uploadId } });
    expect(row).toMatchObject({ applicationId: null, kind: "LETTER_OF_SUPPORT", uploadTokenHash: hashToken(result.uploadToken) });
  });

  it.each([
    ["a file that is not a PDF, named .pdf", () => notPdfBytes(), "The file must be a PDF"],
    ["an empty file", () => new Uint8Array(0), "The selected file is empty"],
    ["a PDF over 10 MB", () => pdfBytes(MAX_ATTACHMENT_BYTES + 1), "The file must be smaller than 10 MB"],
  ])("refuses %s, naming the file field, and stores nothing", async (_name, bytes, message) => {
    const [attachments, files] = [await testPrisma().attachment.count(), await testPrisma().storedFile.count()];
    const result = await createApiUpload({ kind: "TECHNICAL_DESCRIPTION", file: new File([bytes()], "description.pdf") });
    expect(result).toEqual({ ok: false, code: "invalid", issues: [{ path: ["file"], message }] });
    expect(await testPrisma().attachment.count()).toBe(attachments);
    expect(await testPrisma().storedFile.count()).toBe(files);
  });

  it("refuses a kind that is no file question's and a missing file, naming each field", async () => {
    const result = await createApiUpload({ kind: "curriculum vitae", file: "not a file" });
    expect(issuePaths(result as ApiSubmissionResult).sort()).toEqual(["file", "kind"]);
  });
});

describe("submitCompleteApplication", () => {
  it("creates, attaches and submits in one go, then mails the private link", async () => {
    const before = await referenceCounter();
    const letter = await upload("LETTER_OF_SUPPORT");
    const body = await submissionBody({ locale: "zh", lead: leadAnswers({ country: "it" }) });
    body.attachments.push(letter);

    const result = expectSubmitted(await submit(body));
    const reference = `${PRACTICE_REFERENCE_PREFIX}-${new Date().getUTCFullYear()}-${String(before + 1).padStart(6, "0")}`;
    expect(result).toMatchObject({ firstTime: true, reference, status: "SUBMITTED" });
    expect(result.statusUrl).toMatch(new RegExp(`^${env.SITE_URL}/zh/applications/[A-Za-z0-9_-]{43}$`));

    const row = await testPrisma().application.findUniqueOrThrow({
      where: { id: result.applicationId },
      include: { events: { orderBy: { at: "asc" } }, attachments: true },
    });
    expect(row).toMatchObject({
      status: "SUBMITTED",
      reference,
      email: body.email,
      locale: "zh",
      leadInstitution: "Université Test de Lyon",
      leadCountry: "IT",
      payloadName: "Martian Dust Counter",
      carrier: "SERVICE_MODULE",
    });
    expect(row.massKg?.toNumber()).toBe(1.25);
    expect(row.events.map((e) => e.status)).toEqual(["DRAFT", "SUBMITTED"]);
    expect(row.attachments.map((a) => [a.id, a.uploadTokenHash]).sort()).toEqual(
      body.attachments.map((a) => [a.uploadId, null]).sort(),
    );

    // The link works, as the applicant's own page would use it.
    const token = result.statusUrl!.split("/").pop()!;
    expect(await getApplicantView(token)).toMatchObject({ reference, status: "SUBMITTED", withdrawable: true });

    // The confirmation is written with the submission, whether or not a mail server is configured.
    const mail = await testPrisma().outboxEmail.findMany({ where: { to: body.email } });
    expect(mail).toHaveLength(1);
    expect(mail[0]).toMatchObject({ kind: "submission-confirmation", applicationId: result.applicationId });
    expect(mail[0]!.subject).toContain(reference);
    expect(mail[0]!.text).toContain(result.statusUrl!);
  });

  it("answers invalid input with the field paths, the header among them, and writes nothing", async () => {
    const body = await submissionBody({
      lead: leadAnswers({ country: "ZZ" }),
      payload: payloadAnswers({ massKg: -1 }),
      surprise: true,
    });
    const result = await submit(body, "not-a-uuid");
    expect(result).toMatchObject({ ok: false, code: "invalid" });
    expect(issuePaths(result).sort()).toEqual(["Idempotency-Key", "lead.country", "payload.massKg", "surprise"]);
    expect(result.ok === false && "issues" in result && result.issues.find((i) => i.path.join(".") === "lead.country")?.message).toBe(
      "Enter a two-letter country or region code, like FR",
    );
    await expectNothingWritten(body.email, body.attachments);
  });

  it("reports a cross-field rule at its field once the rest is valid", async () => {
    const body = await submissionBody({ science: scienceAnswers({ objectives: ["OTHER"] }) });
    expect(issuePaths(await submit(body))).toEqual(["science.otherObjective"]);
    await expectNothingWritten(body.email, body.attachments);
  });

  it("requires an Idempotency-Key", async () => {
    const body = await submissionBody();
    expect(issuePaths(await submit(body, null))).toEqual(["Idempotency-Key"]);
    await expectNothingWritten(body.email, body.attachments);
  });

  it("refuses unknown upload ids, wrong tokens and uploads already attached, alike and without writing", async () => {
    const attached = await submissionBody();
    expectSubmitted(await submit(attached));
    const good = await upload("LETTER_OF_SUPPORT");
    const wrongToken = { ...(await upload("LETTER_OF_SUPPORT")), uploadToken: good.uploadToken };
    const body = await submissionBody();
    body.attachments.push({ uploadId: "no-such-upload", uploadToken: good.uploadToken }, wrongToken, attached.attachments[0]!, good);

    const result = await submit(body);
    expect(result).toMatchObject({ ok: false, code: "unknown_uploads" });
    expect(issuePaths(result)).toEqual(["attachments.1", "attachments.2", "attachments.3"]);
    await expectNothingWritten(body.email, [body.attachments[0]!, good]);
  });

  it("requires exactly one technical description, and refuses a file the form does not ask for", async () => {
    const letters = await submissionBody({ attachments: [await upload("LETTER_OF_SUPPORT")] });
    expect(await submit(letters)).toMatchObject({
      ok: false,
      code: "invalid",
      issues: [{ path: ["attachments"], message: "Attach an upload of kind TECHNICAL_DESCRIPTION" }],
    });
    await expectNothingWritten(letters.email, letters.attachments);

    const two = await submissionBody();
    two.attachments.push(await upload());
    expect(await submit(two)).toMatchObject({ ok: false, code: "invalid", issues: [{ path: ["attachments", 1], message: describeMessage("tooManyFiles") }] });
    await expectNothingWritten(two.email, two.attachments);

    const cv = await submissionBody();
    cv.attachments.push(await upload("CV"));
    expect(await submit(cv)).toMatchObject({ ok: false, code: "invalid", issues: [{ path: ["attachments", 1], message: "This form asks for no file of kind CV" }] });
    await expectNothingWritten(cv.email, cv.attachments);
  });

  it("refuses a mass over the carrier's remaining capacity, leaving no rows, and the same uploads and key then go through", async () => {
    const free = (await remainingByPool({ slug: PRACTICE_CALL_SLUG }))["service-module"]!;
    const before = { reference: await referenceCounter(), events: await testPrisma().applicationEvent.count() };
    const body = await submissionBody({ payload: payloadAnswers({ carrier: "SERVICE_MODULE", massKg: free + 0.5 }) });
    const key = randomUUID();

    expect(await submit(body, key)).toEqual({ ok: false, code: "over_capacity", pool: serviceModule, remaining: free });
    await expectNothingWritten(body.email, body.attachments);
    expect(await testPrisma().application.count({ where: { idempotencyKey: key } })).toBe(0);
    expect(await testPrisma().applicationEvent.count()).toBe(before.events);
    expect(await referenceCounter()).toBe(before.reference);

    const fitting = { ...body, payload: payloadAnswers({ carrier: "SERVICE_MODULE", massKg: free }) };
    expect(await submit(fitting, key)).toMatchObject({ ok: true, firstTime: true });
  });

  it("refuses with over_capacity when capacity is reserved by staff before the submission", async () => {
    const body = await submissionBody({ payload: payloadAnswers({ carrier: "SERVICE_MODULE", massKg: 1.25 }) });
    const total = await testPrisma().resourcePool.findFirstOrThrow({ where: { key: "service-module", opportunity: { slug: PRACTICE_CALL_SLUG } } });
    await setReservedKg("service-module", total.capacity.toNumber() - 1);
    expect(await submit(body)).toEqual({ ok: false, code: "over_capacity", pool: serviceModule, remaining: 1 });
    await expectNothingWritten(body.email, body.attachments);
  });

  it("refuses with call_closed once the call's stage has closed, writing nothing", async () => {
    const body = await submissionBody();
    const stage = await testPrisma().callStage.findFirstOrThrow({ where: { opportunity: { slug: PRACTICE_CALL_SLUG } } });
    setClock(new Date(stage.closesAt!.getTime() + 60_000));
    expect(await submit(body)).toEqual({ ok: false, code: "call_closed" });
    await expectNothingWritten(body.email, body.attachments);
  });

  it("answers a retry with the same key and body with the same reference, creating and mailing nothing more", async () => {
    const body = await submissionBody();
    const key = randomUUID();
    const first = expectSubmitted(await submit(body, key));
    const counter = await referenceCounter();

    const retry = await submit(structuredClone(body), key);
    expect(retry).toEqual({ ...first, firstTime: false, statusUrl: null });
    expect(await testPrisma().application.count({ where: { email: body.email } })).toBe(1);
    expect(await referenceCounter()).toBe(counter);
    expect(await testPrisma().outboxEmail.count({ where: { to: body.email } })).toBe(1);
  });

  it("refuses the same key with a different body", async () => {
    const body = await submissionBody();
    const key = randomUUID();
    expectSubmitted(await submit(body, key));
    const changed = { ...body, payload: payloadAnswers({ payloadName: "Another payload" }) };
    expect(await submit(changed, key)).toEqual({ ok: false, code: "idempotency_key_reused" });
    expect(await testPrisma().application.count({ where: { idempotencyKey: key } })).toBe(1);
  });

  it("gives one application when the same submission arrives twice at once", async () => {
    const body = await submissionBody();
    const key = randomUUID();
    const results = (await Promise.all([submit(body, key), submit(structuredClone(body), key)])).map(expectSubmitted);
    expect(results[0]!.reference).toBe(results[1]!.reference);
    expect(results.filter((r) => r.firstTime)).toHaveLength(1);
    expect(await testPrisma().application.count({ where: { email: body.email } })).toBe(1);
  });

  it("refuses the (limit+1)th submission from one address and counts attempts in the database", async () => {
    const windowStart = midWindow(RATE_LIMITS.submitPerIp.windowSeconds);
    const ip = uniqueIp();
    const { limit } = RATE_LIMITS.submitPerIp;
    // Invalid bodies count too: the limit guards the work of reading them.
    for (let i = 0; i < limit; i++) expect(await submit({}, randomUUID(), ip)).toMatchObject({ code: "invalid" });
    expect(await submit(await submissionBody(), randomUUID(), ip)).toMatchObject({ ok: false, code: "rate_limited", retryAfterSeconds: expect.any(Number) });
    const bucket = await testPrisma().rateLimitBucket.findUniqueOrThrow({ where: { key_windowStart: { key: `api-submit:ip:${ip}`, windowStart: new Date(windowStart) } } });
    expect(bucket.count).toBe(limit + 1);
  });
});

describe("route handlers", () => {
  const base = "http://localhost:3000/api/v1";
  const applicationsUrl = (slug = PRACTICE_CALL_SLUG) => `${base}/opportunities/${slug}/applications`;

  function postJson(body: unknown, { key = randomUUID() as string | null, slug = PRACTICE_CALL_SLUG } = {}) {
    const headers: Record<string, string> = { "Content-Type": "application/json" };
    if (key) headers["Idempotency-Key"] = key;
    const req = new NextRequest(applicationsUrl(slug), { method: "POST", headers, body: typeof body === "string" ? body : JSON.stringify(body) });
    return postApplication(req, { params: Promise.resolve({ slug }) });
  }

  function postForm(fields: Record<string, string | File>) {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    return postUpload(new NextRequest(`${base}/uploads`, { method: "POST", body: form }), { params: Promise.resolve({}) });
  }

  afterEach(() => {
    request.ip = "10.0.0.1";
  });

  it("answers an upload with 201 and the upload's id, token, name and size, never cached", async () => {
    request.ip = uniqueIp();
    const response = await postForm({ kind: "TECHNICAL_DESCRIPTION", file: new File([pdfBytes(1000)], "tech.pdf") });
    expect(response.status).toBe(201);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const { data } = await response.json();
    expect(data).toEqual({ uploadId: expect.any(String), uploadToken: expect.any(String), fileName: "tech.pdf", sizeBytes: 1000 });
  });

  it("refuses a body over 11 MB, and a non-PDF, with 400 naming the file field", async () => {
    request.ip = uniqueIp();
    const tooLarge = await postForm({ kind: "TECHNICAL_DESCRIPTION", file: new File([pdfBytes(MAX_UPLOAD_BODY_BYTES + 1)], "big.pdf") });
    expect(tooLarge.status).toBe(400);
    expect(await tooLarge.json()).toMatchObject({ error: { code: "invalid_parameters", issues: [{ path: ["file"] }] } });

    const notPdf = await postForm({ kind: "TECHNICAL_DESCRIPTION", file: new File([notPdfBytes()], "fake.pdf") });
    expect(notPdf.status).toBe(400);
    expect(await notPdf.json()).toMatchObject({ error: { code: "invalid_parameters", issues: [{ path: ["file"], message: "The file must be a PDF" }] } });
  });

  it("refuses a body that is not multipart/form-data with 400", async () => {
    request.ip = uniqueIp();
    const response = await postUpload(new NextRequest(`${base}/uploads`, { method: "POST", body: "hello" }), { params: Promise.resolve({}) });
    expect(response.status).toBe(400);
  });

  it("answers 429 with Retry-After once an address has used its uploads", async () => {
    midWindow(RATE_LIMITS.submitPerIp.windowSeconds);
    request.ip = uniqueIp();
    for (let i = 0; i < RATE_LIMITS.submitPerIp.limit; i++) expect((await postForm({ kind: "nonsense" })).status).toBe(400);
    const refused = await postForm({ kind: "TECHNICAL_DESCRIPTION", file: new File([pdfBytes()], "ok.pdf") });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("Retry-After"))).toBe(RATE_LIMITS.submitPerIp.windowSeconds / 2);
    expect(await refused.json()).toMatchObject({ error: { code: "rate_limited" } });
  });

  it("answers 201, then 200 with the same reference for a retry", async () => {
    request.ip = uniqueIp();
    const body = await submissionBody();
    const key = randomUUID();
    const created = await postJson(body, { key });
    expect(created.status).toBe(201);
    const first = (await created.json()).data;
    expect(first).toEqual({ reference: expect.stringMatching(/^DEMO-\d{4}-\d{6}$/), status: "SUBMITTED", statusUrl: expect.stringContaining("/en/applications/") });

    const retried = await postJson(body, { key });
    expect(retried.status).toBe(200);
    expect(retried.headers.get("Idempotent-Replayed")).toBe("true");
    expect((await retried.json()).data).toEqual({ ...first, statusUrl: null });
  });

  it("answers 404 for an opportunity that takes no applications, and for an upload that does not exist", async () => {
    request.ip = uniqueIp();
    const body = await submissionBody();
    const other = await postJson(body, { slug: "chang-e-5-sample-loans" });
    expect(other.status).toBe(404);
    expect(await other.json()).toMatchObject({ error: { code: "not_found" } });

    const missing = await postJson({ ...body, attachments: [{ uploadId: "nope", uploadToken: "nope" }] });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: "not_found", issues: [{ path: ["attachments", 0] }] } });
    await expectNothingWritten(body.email, body.attachments);
  });

  it("answers 400 for a missing Idempotency-Key and for a body that is not JSON", async () => {
    request.ip = uniqueIp();
    const noKey = await postJson(await submissionBody(), { key: null });
    expect(noKey.status).toBe(400);
    expect(await noKey.json()).toMatchObject({ error: { code: "invalid_parameters", issues: [{ path: ["Idempotency-Key"] }] } });

    const notJson = await postJson("{ email:", {});
    expect(notJson.status).toBe(400);
  });

  it("answers 409 over_capacity, and 409 call_closed for the Tianwen-3 first round, closed since September 2025", async () => {
    request.ip = uniqueIp();
    const free = (await remainingByPool({ slug: PRACTICE_CALL_SLUG }))["service-module"]!;
    const heavy = await postJson(await submissionBody({ payload: payloadAnswers({ carrier: "SERVICE_MODULE", massKg: free + 1 }) }));
    expect(heavy.status).toBe(409);
    expect(await heavy.json()).toMatchObject({ error: { code: "over_capacity", message: expect.stringContaining(`Service module can take only ${free} kg more`) } });

    const body = await submissionBody();
    const closed = await postJson(body, { slug: "tianwen-3-payload-offer" });
    expect(closed.status).toBe(409);
    expect(await closed.json()).toMatchObject({ error: { code: "call_closed" } });
    await expectNothingWritten(body.email, body.attachments);
  });
});
