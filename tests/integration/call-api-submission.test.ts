import { randomUUID } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { createApiUpload, submitCompleteApplication } from "@/server/applications/api-submission";
import { describeMessage } from "@/lib/validation/application-api";
import { pdfBytes, uniqueEmail, uniqueIp } from "../factories/application-answers";
import { createSampleCall } from "../factories/sample-call";
import { testPrisma } from "../support/database";

// Any call takes applications through the API by its own form: one object per page, keyed by the page, checked by
// the page's schema (the web form's), and uploads answering its own file questions, with their kinds, numbers and
// sizes. A sample round defined as data, with grams per category, stands for every call that is not Tianwen-3.

vi.mock("next/headers", () => ({ headers: async () => new Headers({ "x-portal-client-ip": "10.7.7.9" }) }));

async function upload(kind: string, bytes = pdfBytes()) {
  const result = await createApiUpload({ kind, file: new File([bytes], "plan.pdf") });
  if (!result.ok) throw new Error(`upload refused: ${JSON.stringify(result)}`);
  return { uploadId: result.uploadId, uploadToken: result.uploadToken };
}

const body = (overrides: Record<string, unknown> = {}) => ({
  email: uniqueEmail("curator"),
  locale: "zh",
  samples: {
    institution: "Institut de physique du globe de Paris",
    requests: [
      { category: "soil", grams: 2.5, purpose: "Noble gas analysis" },
      { category: "breccia", grams: 1, purpose: "Thin sections" },
    ],
  },
  attachments: [] as { uploadId: string; uploadToken: string }[],
  ...overrides,
});

const submit = (slug: string, payload: unknown) => submitCompleteApplication({ slug, body: payload, idempotencyKey: randomUUID(), clientIp: uniqueIp() });
const nothingWritten = async (email: string) => expect(await testPrisma().application.count({ where: { email } })).toBe(0);

describe("submitting to a call defined as data", () => {
  it("takes its pages and its own file question, and keeps the answers by page against the version answered", async () => {
    const call = await createSampleCall();
    const payload = body({ attachments: [await upload("SAMPLE_PLAN"), await upload("SAMPLE_PLAN")] });

    const result = await submit(call.slug, payload);

    expect(result).toMatchObject({ ok: true, firstTime: true, reference: expect.stringMatching(/^S\d{5}-\d{4}-\d+$/) });
    const row = await testPrisma().application.findFirstOrThrow({ where: { email: payload.email }, include: { attachments: true } });
    expect(row.answers).toEqual({ samples: payload.samples });
    expect(row.attachments.map((a) => a.kind)).toEqual(["SAMPLE_PLAN", "SAMPLE_PLAN"]);
    expect(row.definitionId).toBe((await testPrisma().callDefinition.findFirstOrThrow({ where: { opportunityId: call.id } })).id);
  });

  it("refuses a page the form does not have, a bad answer and a missing one, at their paths, writing nothing", async () => {
    const call = await createSampleCall();
    const payload = body({ payload: { massKg: 1 }, samples: { requests: [{ category: "basalt", grams: -1, purpose: "" }] } });

    const result = await submit(call.slug, payload);

    expect(result.ok).toBe(false);
    const paths = !result.ok && "issues" in result ? result.issues.map((i) => i.path.join(".")) : [];
    expect(paths).toEqual(expect.arrayContaining(["payload", "samples.institution", "samples.requests.0.category", "samples.requests.0.grams", "samples.requests.0.purpose"]));
    await nothingWritten(payload.email);
  });

  it("refuses files the form does not ask for, more than a question takes, and larger than it takes", async () => {
    const call = await createSampleCall();
    const tooMany = body({ attachments: [await upload("SAMPLE_PLAN"), await upload("SAMPLE_PLAN"), await upload("SAMPLE_PLAN")] });
    expect(await submit(call.slug, tooMany)).toMatchObject({ ok: false, code: "invalid", issues: [{ path: ["attachments", 2], message: describeMessage("tooManyFiles") }] });
    await nothingWritten(tooMany.email);

    const large = body({ attachments: [await upload("SAMPLE_PLAN", pdfBytes(1024 * 1024 + 1))] });
    expect(await submit(call.slug, large)).toMatchObject({ ok: false, code: "invalid", issues: [{ path: ["attachments", 0], message: describeMessage("fileTooLargeForQuestion") }] });
    await nothingWritten(large.email);

    const foreign = body({ attachments: [await upload("TECHNICAL_DESCRIPTION")] });
    expect(await submit(call.slug, foreign)).toMatchObject({ ok: false, code: "invalid", issues: [{ path: ["attachments", 0], message: "This form asks for no file of kind TECHNICAL_DESCRIPTION" }] });
    await nothingWritten(foreign.email);
    // The refused uploads stay free for a corrected submission.
    expect(await testPrisma().attachment.count({ where: { id: { in: foreign.attachments.map((a) => a.uploadId) }, applicationId: null } })).toBe(1);
  });

  it("answers over_capacity naming the pool in grams when the rows together ask more than is free", async () => {
    const call = await createSampleCall();
    await testPrisma().resourcePool.update({ where: { opportunityId_key: { opportunityId: call.id, key: "soil" } }, data: { reserved: 8 } });
    const payload = body({
      samples: {
        institution: "Open University",
        requests: [
          { category: "soil", grams: 1.5, purpose: "Spectroscopy" },
          { category: "soil", grams: 1, purpose: "Dating" },
        ],
      },
    });

    expect(await submit(call.slug, payload)).toMatchObject({ ok: false, code: "over_capacity", remaining: 2, pool: { key: "soil", unit: { symbol: "g" } } });
    await nothingWritten(payload.email);
  });
});
