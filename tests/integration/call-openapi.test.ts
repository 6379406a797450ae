import { randomUUID } from "node:crypto";
import { NextRequest } from "next/server";
import { describe, expect, it, vi } from "vitest";
import { POST as postApplication } from "@/app/api/v1/calls/[slug]/applications/route";
import { GET as getCallDocument } from "@/app/api/v1/calls/[slug]/openapi.json/route";
import { tianwen3Definition } from "@/lib/calls/tianwen-3";
import { PUBLIC_CACHE_CONTROL } from "@/server/api/respond";
import { createApiUpload } from "@/server/applications/api-submission";
import { saveCallDefinition } from "@/server/calls/definitions";
import { leadAnswers, payloadAnswers, pdfBytes, scienceAnswers, uniqueEmail, uniqueIp } from "../factories/application-answers";
import { createPayloadOffer } from "../factories/review";
import { testPrisma } from "../support/database";
import { componentValidator, openApiProblems } from "../support/openapi";
import { PRACTICE_CALL_SLUG } from "../../prisma/practice-call";

// Each call that takes applications publishes the request body of its submission as an OpenAPI 3.1 document,
// generated from its form: what the document accepts the endpoint accepts, and what it refuses the endpoint refuses.

// The route handlers read the client's address the way runtime/server.mjs hands it over: from this request header.
const client = vi.hoisted(() => ({ ip: "10.0.0.1" }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "x-portal-client-ip": client.ip }) }));

const BASE = "http://localhost:3000/api/v1/calls";

const fetchDocument = (slug: string, query = "") =>
  getCallDocument(new NextRequest(`${BASE}/${encodeURIComponent(slug)}/openapi.json${query}`), { params: Promise.resolve({ slug }) });

type Schemas = Record<string, { properties?: Record<string, Record<string, unknown>>; required?: string[]; title?: string }>;

async function documentOf(slug: string) {
  const response = await fetchDocument(slug);
  expect(response.status, slug).toBe(200);
  return { response, document: (await response.json()) as { info: { title: string; version: string }; paths: Record<string, unknown>; components: { schemas: Schemas } } };
}

function post(slug: string, body: unknown) {
  client.ip = uniqueIp();
  const headers = { "Content-Type": "application/json", "Idempotency-Key": randomUUID() };
  return postApplication(new NextRequest(`${BASE}/${slug}/applications`, { method: "POST", headers, body: JSON.stringify(body) }), {
    params: Promise.resolve({ slug }),
  });
}

async function upload() {
  const result = await createApiUpload({ kind: "TECHNICAL_DESCRIPTION", file: new File([pdfBytes()], "description.pdf") });
  if (!result.ok) throw new Error(`upload refused: ${JSON.stringify(result)}`);
  return { uploadId: result.uploadId, uploadToken: result.uploadToken };
}

describe("GET /api/v1/calls/{slug}/openapi.json", () => {
  it("documents the practice call's questions: names, labels, choices and number limits, as valid OpenAPI 3.1", async () => {
    const { response, document } = await documentOf(PRACTICE_CALL_SLUG);

    expect(response.headers.get("cache-control")).toBe(PUBLIC_CACHE_CONTROL);
    expect(await openApiProblems(document)).toEqual([]);
    expect(document.info.title).toBe("Practice call (demonstration): applications");
    expect(Object.keys(document.paths)).toContain(`/api/v1/calls/${PRACTICE_CALL_SLUG}/applications`);
    const { LeadAnswers, PayloadAnswers, ScienceAnswers } = document.components.schemas;
    expect(Object.keys(LeadAnswers!.properties!)).toEqual(["institutionName", "institutionType", "country", "contactName", "contactEmail", "contactPhone", "participants"]);
    expect(LeadAnswers!.properties!.institutionType).toMatchObject({ title: "Type of institution", enum: ["UNIVERSITY", "AGENCY", "RESEARCH_INSTITUTE", "INTERNATIONAL_ORGANISATION"] });
    expect(PayloadAnswers!.properties!.massKg).toMatchObject({ title: "Mass (kg)", anyOf: [{ type: "number", exclusiveMinimum: 0, maximum: 15 }, { type: "string" }] });
    expect(PayloadAnswers!.properties!.trl).toMatchObject({ anyOf: [{ type: "integer", minimum: 1, maximum: 9 }, { type: "string" }] });
    expect(PayloadAnswers!.properties!.peakPowerW).toMatchObject({ anyOf: [{ type: "number", minimum: 0, maximum: 10_000 }, { type: "string" }] });
    expect(PayloadAnswers!.properties!.carrier).toMatchObject({ enum: ["ORBITER", "SERVICE_MODULE"] });
    expect(ScienceAnswers!.properties!.objectives).toMatchObject({ type: "array", minItems: 1, items: { enum: expect.arrayContaining(["GEOLOGY", "OTHER"]) } });
    expect(ScienceAnswers!.required).toEqual(["objectives", "expectedResults", "dataSharing"]);
  });

  it("accepts at the endpoint a body the document accepts, and refuses with 400 the bodies it refuses", async () => {
    const { document } = await documentOf(PRACTICE_CALL_SLUG);
    const accepts = componentValidator(document, "ApplicationSubmission");
    const attachments = [await upload()];
    const body = { email: uniqueEmail("openapi"), lead: leadAnswers(), payload: payloadAnswers(), science: scienceAnswers(), attachments };

    const refused: [string, Record<string, unknown>][] = [
      ["an unknown institution type", { ...body, lead: leadAnswers({ institutionType: "COMPANY" }) }],
      ["a readiness level above 9", { ...body, payload: payloadAnswers({ trl: 10 }) }],
      ["a length in fractions of a millimetre", { ...body, payload: payloadAnswers({ lengthMm: 200.5 }) }],
      ["no objective ticked", { ...body, science: scienceAnswers({ objectives: [] }) }],
      ["an institution name too short", { ...body, lead: leadAnswers({ institutionName: "X" }) }],
      ["a page left out", { email: body.email, lead: body.lead, payload: body.payload, attachments }],
      ["a key the form does not have", { ...body, budget: 1000 }],
      ["no attachment", { ...body, attachments: [] }],
    ];
    for (const [name, bad] of refused) {
      expect(accepts(bad), `the document refuses ${name}`).toBe(false);
      const response = await post(PRACTICE_CALL_SLUG, bad);
      expect(response.status, `the endpoint refuses ${name}`).toBe(400);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("invalid_parameters");
    }

    expect(accepts(body)).toBe(true);
    const response = await post(PRACTICE_CALL_SLUG, body);
    expect(response.status).toBe(201);
    expect(((await response.json()) as { data: { reference: string } }).data.reference).toMatch(/^DEMO-/);
  });

  it("follows the call's current form, and has nothing for unpublished calls, calls that take no applications or unknown slugs", async () => {
    const offer = await createPayloadOffer();
    const added = structuredClone(tianwen3Definition);
    added.stages[0]!.form.pages[1]!.questions.push({ key: "launchWindow", type: "date", label: { en: "Earliest delivery date", zh: "最早交付日期" }, required: true, min: "2027-01-01" });
    const saved = await testPrisma().$transaction((tx) => saveCallDefinition(tx, { id: null, email: "call-openapi@test" }, offer.id, added));
    expect(saved.ok).toBe(true);
    const { document } = await documentOf(offer.slug);
    expect(document.components.schemas.PayloadAnswers!.properties!.launchWindow).toMatchObject({ title: "Earliest delivery date", type: "string", format: "date" });
    expect(document.components.schemas.PayloadAnswers!.required).toContain("launchWindow");
    expect(await openApiProblems(document)).toEqual([]);

    await testPrisma().opportunity.update({ where: { id: offer.id }, data: { published: false } });
    for (const slug of [offer.slug, "chang-e-5-sample-loans", "no-such-call", "__proto__"]) {
      const response = await fetchDocument(slug);
      expect(response.status, slug).toBe(404);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("not_found");
    }
    expect((await fetchDocument(PRACTICE_CALL_SLUG, "?format=yaml")).status).toBe(400);
  });
});
