import { randomBytes, randomUUID } from "node:crypto";
import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { acceptsUntil } from "@/lib/calls/status";
import { createApiUpload } from "@/server/applications/api-submission";
import { setClock } from "@/server/platform/clock";
import { GET as getCalls } from "@/app/api/v1/calls/route";
import { GET as getCall } from "@/app/api/v1/calls/[slug]/route";
import { POST as postCallApplication } from "@/app/api/v1/calls/[slug]/applications/route";
import { POST as postOpportunityApplication } from "@/app/api/v1/opportunities/[slug]/applications/route";
import { PRACTICE_CALL_SLUG } from "../../prisma/practice-call";
import { createOpportunity } from "../factories";
import { leadAnswers, payloadAnswers, pdfBytes, scienceAnswers, uniqueEmail, uniqueIp } from "../factories/application-answers";
import { testPrisma } from "../support/database";

// The calls endpoints called in-process as Next.js calls them: the list and detail with their live status, and the
// submission route, which answers exactly as the opportunities' one does.

// The route handlers read the client's address the way runtime/server.mjs hands it over: from this request header.
const client = vi.hoisted(() => ({ ip: "10.0.0.1" }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "x-portal-client-ip": client.ip }) }));

const BASE = "http://localhost:3000/api/v1";
const OFFER_SLUG = "tianwen-3-payload-offer";

type CallJson = { slug: string; status: string; stages: { closesAt: string | null; state: string }[] } & Record<string, unknown>;

async function listCalls(query = "") {
  const response = await getCalls(new NextRequest(`${BASE}/calls${query}`), { params: Promise.resolve({}) });
  return { response, body: await response.json() };
}

async function listedSlugs(status: string): Promise<string[]> {
  const { response, body } = await listCalls(`?status=${status}&pageSize=100`);
  expect(response.status).toBe(200);
  return (body.data as CallJson[]).map((call) => call.slug);
}

async function callDetail(slug: string) {
  const response = await getCall(new NextRequest(`${BASE}/calls/${slug}`), { params: Promise.resolve({ slug }) });
  return { response, body: await response.json() };
}

function postApplication(slug: string, body: unknown, { key = randomUUID() as string | null, under = "calls" } = {}) {
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  if (key) headers["Idempotency-Key"] = key;
  const request = new NextRequest(`${BASE}/${under}/${slug}/applications`, { method: "POST", headers, body: JSON.stringify(body) });
  const handler = under === "calls" ? postCallApplication : postOpportunityApplication;
  return handler(request, { params: Promise.resolve({ slug }) });
}

async function completeApplication() {
  const upload = await createApiUpload({ kind: "TECHNICAL_DESCRIPTION", file: new File([pdfBytes()], "description.pdf") });
  if (!upload.ok) throw new Error(`upload refused: ${JSON.stringify(upload)}`);
  return {
    email: uniqueEmail("partner"),
    lead: leadAnswers(),
    payload: payloadAnswers(),
    science: scienceAnswers(),
    attachments: [{ uploadId: upload.uploadId, uploadToken: upload.uploadToken }],
  };
}

/** The first instant after the practice call's one stage stops taking applications, grace included. */
async function afterPracticeCloses(): Promise<Date> {
  const stage = await testPrisma().callStage.findFirstOrThrow({ where: { opportunity: { slug: PRACTICE_CALL_SLUG } } });
  return new Date(acceptsUntil(stage)!.getTime() + 1000);
}

afterEach(() => {
  setClock(null);
  client.ip = uniqueIp();
});

describe("GET /api/v1/calls", () => {
  it("lists every published call with its live status, its stages as UTC instants and the capacity left", async () => {
    const { response, body } = await listCalls("?pageSize=100");
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toBe("public, max-age=60, stale-while-revalidate=300");
    const calls = body.data as CallJson[];
    expect(body.pagination).toMatchObject({ page: 1, total: calls.length });
    expect(calls.map((call) => call.slug)).toEqual(expect.arrayContaining([OFFER_SLUG, PRACTICE_CALL_SLUG, "chang-e-5-sample-loans", "chang-e-8-cooperation-projects"]));

    const offer = calls.find((call) => call.slug === OFFER_SLUG)!;
    expect(offer).toMatchObject({ status: "CLOSED", kind: "PAYLOAD_OFFER", timeZone: "Asia/Shanghai", acceptsApplications: true, demonstration: false });
    expect(offer.stages.map((stage) => [stage.closesAt, stage.state])).toEqual([
      ["2025-06-30T16:00:00.000Z", "closed"],
      ["2025-09-30T16:00:00.000Z", "closed"],
    ]);

    const practice = calls.find((call) => call.slug === PRACTICE_CALL_SLUG)!;
    expect(practice).toMatchObject({ status: "OPEN", demonstration: true, acceptsApplications: true, stages: [{ state: "open", entry: "ANYONE" }] });
    expect(practice.capacities).toEqual(
      expect.arrayContaining([expect.objectContaining({ carrier: "SERVICE_MODULE", massKg: 5, remainingKg: expect.any(Number) })]),
    );
    expect(practice.pools).toEqual(
      expect.arrayContaining([expect.objectContaining({ key: "service-module", capacity: 5, remaining: expect.any(Number), maxPerRequest: null })]),
    );
  });

  it("filters by live status", async () => {
    const open = await listedSlugs("open");
    expect(open).toContain(PRACTICE_CALL_SLUG);
    expect(open).not.toContain(OFFER_SLUG);

    const closed = await listedSlugs("closed");
    expect(closed).toContain(OFFER_SLUG);
    expect(closed).not.toContain(PRACTICE_CALL_SLUG);

    expect(await listedSlugs("results-published")).toContain("chang-e-5-sample-loans");
    expect(await listedSlugs("upcoming")).not.toContain(PRACTICE_CALL_SLUG);
  });

  it("moves the practice call to closed once its stage's closing has passed", async () => {
    setClock(await afterPracticeCloses());
    expect(await listedSlugs("open")).not.toContain(PRACTICE_CALL_SLUG);
    expect(await listedSlugs("closed")).toContain(PRACTICE_CALL_SLUG);
  });

  it.each(["?status=OPEN", "?status=finished", "?status=open&status=closed"])("answers %s with 400 naming the status parameter", async (query) => {
    const { response, body } = await listCalls(query);
    expect(response.status).toBe(400);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    expect(body).toMatchObject({ error: { code: "invalid_parameters", issues: [{ path: ["status"] }] } });
  });
});

describe("GET /api/v1/calls/{slug}", () => {
  it("answers a call that takes applications with the path to post them to", async () => {
    const { response, body } = await callDetail(PRACTICE_CALL_SLUG);
    expect(response.status).toBe(200);
    expect(body.data).toMatchObject({
      slug: PRACTICE_CALL_SLUG,
      status: "OPEN",
      acceptsApplications: true,
      applicationsPath: `/api/v1/calls/${PRACTICE_CALL_SLUG}/applications`,
      facts: [expect.objectContaining({ en: expect.stringContaining("demonstration") })],
    });
  });

  it("answers a call that takes no applications here with a null path, and its awards", async () => {
    const { response, body } = await callDetail("chang-e-5-sample-loans");
    expect(response.status).toBe(200);
    expect(body.data).toMatchObject({ status: "RESULTS_PUBLISHED", acceptsApplications: false, applicationsPath: null });
    expect(body.data.awards.length).toBeGreaterThan(0);
  });

  it("answers 404 for an unknown slug and for a call that is not published", async () => {
    const draft = await createOpportunity({ published: false });
    for (const slug of ["no-such-call", draft.slug]) {
      const { response, body } = await callDetail(slug);
      expect(response.status).toBe(404);
      expect(body).toMatchObject({ error: { code: "not_found" } });
    }
  });
});

describe("POST /api/v1/calls/{slug}/applications", () => {
  it("answers 409 call_closed for the closed Tianwen-3 offer before it looks at the body, under both paths", async () => {
    for (const under of ["calls", "opportunities"]) {
      for (const body of [{}, { email: "not an email" }]) {
        const response = await postApplication(OFFER_SLUG, body, { key: null, under });
        expect(response.status).toBe(409);
        expect(response.headers.get("Cache-Control")).toBe("no-store");
        expect(await response.json()).toMatchObject({ error: { code: "call_closed" } });
      }
    }
  });

  it("takes a complete application to the practice call with 201 and a DEMO reference, and answers a retry with 200", async () => {
    const body = await completeApplication();
    const key = randomUUID();
    const created = await postApplication(PRACTICE_CALL_SLUG, body, { key });
    expect(created.status).toBe(201);
    const first = (await created.json()).data;
    expect(first).toEqual({ reference: expect.stringMatching(/^DEMO-\d{4}-\d{6}$/), status: "SUBMITTED", statusUrl: expect.stringContaining("/en/applications/") });
    expect(await testPrisma().application.count({ where: { email: body.email, opportunity: { slug: PRACTICE_CALL_SLUG } } })).toBe(1);

    const retried = await postApplication(PRACTICE_CALL_SLUG, body, { key, under: "opportunities" });
    expect(retried.status).toBe(200);
    expect(retried.headers.get("Idempotent-Replayed")).toBe("true");
    expect((await retried.json()).data).toEqual({ ...first, statusUrl: null });
  });

  it("answers 400 with the field paths for an incomplete application to the open practice call", async () => {
    const response = await postApplication(PRACTICE_CALL_SLUG, { ...(await completeApplication()), lead: leadAnswers({ country: "ZZ" }) });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: "invalid_parameters", issues: [{ path: ["lead", "country"] }] } });
  });

  it("answers 409 call_closed once the practice call's stage has closed, writing nothing", async () => {
    const body = await completeApplication();
    setClock(await afterPracticeCloses());
    const response = await postApplication(PRACTICE_CALL_SLUG, body);
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ error: { code: "call_closed" } });
    expect(await testPrisma().application.count({ where: { email: body.email } })).toBe(0);
  });

  it("answers 404 for an unknown slug, a call that takes no applications and one that is not published", async () => {
    const draft = await createOpportunity({
      published: false,
      referencePrefix: `T${randomBytes(3).toString("hex").toUpperCase()}`,
      stages: { create: { position: 0, titleEn: "Open stage", titleZh: "开放阶段", opensAt: new Date(Date.now() - 86_400_000), closesAt: null } },
    });
    for (const slug of ["no-such-call", "chang-e-5-sample-loans", draft.slug]) {
      const response = await postApplication(slug, await completeApplication());
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ error: { code: "not_found" } });
    }
  });
});
