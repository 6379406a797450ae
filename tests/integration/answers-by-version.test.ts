import { randomUUID } from "node:crypto";
import { NextRequest } from "next/server";
import { afterAll, describe, expect, it } from "vitest";
import { GET as exportApplicationsCsv } from "@/app/api/admin/exports/applications/route";
import type { CallDefinition } from "@/lib/calls/definition";
import { readAnswers } from "@/lib/calls/render";
import { tianwen3Definition } from "@/lib/calls/tianwen-3";
import { getReceipt } from "@/server/applications/receipt";
import { addAttachment, saveApplicationStep, startApplication, submitApplication } from "@/server/applications/service";
import { saveCallDefinition } from "@/server/calls/definitions";
import { getApplicationDetail } from "@/server/review/queries";
import { uniqueName } from "../factories";
import { leadAnswers, payloadAnswers, pdfBytes, scienceAnswers, uniqueEmail, uniqueIp } from "../factories/application-answers";
import { csvRecords, parseCsv } from "../factories/open-data-csv";
import { createPayloadOffer } from "../factories/review";
import { testPrisma } from "../support/database";
import { readPdf } from "../support/pdf-text";
import { actAs, createStaff, signOutTestStaff } from "../support/staff";

// Receipts, the staff CSV and the staff page read each application against the version of the call's form it
// answered: after staff rename a question and add another, an application made before still shows the old wording,
// and one made after the new.

const ACTOR = { id: null, email: "answers-by-version@test" };

/** The Tianwen-3 form with "Payload name" renamed and a required question added after it. */
function secondVersion(): CallDefinition {
  const next = structuredClone(tianwen3Definition);
  const payload = next.stages[0]!.form.pages.find((page) => page.key === "payload")!;
  const name = payload.questions.find((q) => q.key === "payloadName")!;
  name.label = { en: "Name of the payload", zh: "载荷名" };
  payload.questions.splice(1, 0, {
    key: "fundingSource",
    type: "singleChoice",
    label: { en: "Who funds the payload", zh: "载荷经费来源" },
    required: true,
    options: [
      { value: "AGENCY", label: { en: "A space agency", zh: "航天机构" } },
      { value: "UNIVERSITY", label: { en: "A university", zh: "大学" } },
    ],
  });
  return next;
}

/** Fills in and submits an application through the applicant's own steps; returns its private token. */
async function submitThroughForm(slug: string, locale: "en" | "zh", answers: { lead: object; payload: object; science: object }) {
  const started = await startApplication({ slug, email: uniqueEmail(), locale, clientIp: uniqueIp() });
  if (!started.ok) throw new Error(started.code);
  for (const [step, values] of Object.entries(answers)) {
    const saved = await saveApplicationStep(started.token, step, values);
    if (!saved.ok) throw new Error(`${step}: ${JSON.stringify(saved)}`);
  }
  const attached = await addAttachment(started.token, { kind: "TECHNICAL_DESCRIPTION", fileName: "technical-description.pdf", bytes: pdfBytes() });
  if (!attached.ok) throw new Error(attached.code);
  const submitted = await submitApplication(started.token, randomUUID());
  if (!submitted.ok) throw new Error(submitted.code);
  return { token: started.token, id: started.id };
}

async function receiptLines(token: string): Promise<string[]> {
  const receipt = await getReceipt(token, "https://portal.test");
  if (!receipt.ok) throw new Error(receipt.code);
  return readPdf(receipt.pdf).pages.flatMap((page) => page.lines);
}

/** The line after a label: the first line of its answer. */
const answerAfter = (lines: string[], label: string) => {
  const at = lines.indexOf(label);
  expect(at, `"${label}" on the receipt`).toBeGreaterThanOrEqual(0);
  return lines[at + 1];
};

afterAll(() => signOutTestStaff());

describe("answers shown against the version they were given in", () => {
  it("keeps an earlier application's receipt, CSV row and staff page on its own version after the form changes", async () => {
    const tag = uniqueName("Versioned").split(" ")[1]!;
    const offer = await createPayloadOffer();
    const before = await submitThroughForm(offer.slug, "en", {
      lead: leadAnswers({ contactName: "=1+2" }),
      payload: payloadAnswers({ payloadName: `${tag} first` }),
      science: scienceAnswers(),
    });

    const saved = await testPrisma().$transaction((tx) => saveCallDefinition(tx, ACTOR, offer.id, secondVersion()));
    expect(saved).toMatchObject({ ok: true, version: 2, newVersion: true });

    const after = await submitThroughForm(offer.slug, "zh", {
      lead: leadAnswers(),
      payload: payloadAnswers({ payloadName: `${tag} second`, fundingSource: "AGENCY" }),
      science: scienceAnswers(),
    });

    // The receipts, each in its applicant's language.
    const earlier = await receiptLines(before.token);
    expect(answerAfter(earlier, "Payload name")).toBe(`${tag} first`);
    expect(earlier).not.toContain("Name of the payload");
    expect(earlier).not.toContain("Who funds the payload");
    expect(answerAfter(earlier, "Mass (kg)")).toBe("1.25 kg");

    const later = await receiptLines(after.token);
    expect(answerAfter(later, "载荷名")).toBe(`${tag} second`);
    expect(answerAfter(later, "载荷经费来源")).toBe("航天机构");
    expect(later).not.toContain("载荷名称");
    expect(answerAfter(later, "质量（千克）")).toBe("1.25千克");

    // The staff CSV: a column per question of each version, each row filled in under its own version's wording.
    actAs(await createStaff("ADMIN"));
    const response = await exportApplicationsCsv(new NextRequest(`http://portal.test/api/admin/exports/applications?q=${tag}`));
    expect(response.status).toBe(200);
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(await response.arrayBuffer());
    const [columns = []] = parseCsv(text);
    expect(columns.slice(0, 3)).toEqual(["reference", "status", "submittedAt"]);
    const versioned = ["Payload name [payload.payloadName]", "Name of the payload [payload.payloadName]", "Who funds the payload [payload.fundingSource]"];
    expect(columns).toEqual(expect.arrayContaining(versioned));
    expect(columns.indexOf("Payload name [payload.payloadName]")).toBeLessThan(columns.indexOf("Name of the payload [payload.payloadName]"));
    expect(columns.indexOf("Name of the payload [payload.payloadName]")).toBeLessThan(columns.indexOf("Who funds the payload [payload.fundingSource]"));

    const rows = csvRecords(text);
    expect(rows).toHaveLength(2);
    const rowOf = (name: string) => rows.find((row) => Object.values(row).includes(name))!;
    const [first, second] = [rowOf(`${tag} first`), rowOf(`${tag} second`)];
    expect(first).toMatchObject({
      formVersion: "1",
      call: offer.slug,
      "Payload name [payload.payloadName]": `${tag} first`,
      "Name of the payload [payload.payloadName]": "",
      "Who funds the payload [payload.fundingSource]": "",
      "Where it would fly [payload.carrier]": "Service module",
      "Mass (kg) [payload.massKg]": "1.25 kg",
      "Which of the mission's objectives does it serve? [science.objectives]": "Climate and its history; Geology",
      "Participating entities [lead.participants]": "Istituto Test di Roma (Italy)",
      "Technical description [attachments.technicalDescription]": "technical-description.pdf",
      // A cell a spreadsheet would run as a formula starts with a quote.
      "Contact person's full name [lead.contactName]": "'=1+2",
    });
    expect(second).toMatchObject({
      formVersion: "2",
      "Payload name [payload.payloadName]": "",
      "Name of the payload [payload.payloadName]": `${tag} second`,
      // Staff read the export in English, whatever language the applicant wrote in.
      "Who funds the payload [payload.fundingSource]": "A space agency",
      "Mass (kg) [payload.massKg]": "1.25 kg",
    });

    // The staff page reads each application against its own version too.
    const admin = await createStaff("ADMIN");
    const labelsOf = async (id: string) => {
      const found = await getApplicationDetail(admin, id);
      if (found.kind !== "ok" || !found.detail.answers?.form) throw new Error(`no answers for ${id}`);
      const { form, answers, attachments } = found.detail.answers;
      return readAnswers(form, answers, attachments, "en").flatMap((page) => page.questions.map((q) => q.label.en));
    };
    expect(await labelsOf(before.id)).toContain("Payload name");
    expect(await labelsOf(before.id)).not.toContain("Who funds the payload");
    expect(await labelsOf(after.id)).toEqual(expect.arrayContaining(["Name of the payload", "Who funds the payload"]));
  });
});
