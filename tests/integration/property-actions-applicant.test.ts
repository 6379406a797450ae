import { randomUUID } from "node:crypto";
import { tianwen3Definition } from "@/lib/calls/tianwen-3";
import fc from "fast-check";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { formDataToObject } from "@/lib/form-state";
import { ineligibilityReasons, startApplicationSchema, stepSchemas, submitApplicationSchema } from "@/lib/validation/application";
import { hashToken, newAccessToken } from "@/server/applications/tokens";
import { getApplicantView } from "@/server/applications/service";
import * as applicantActions from "@/server/actions/applications";
import { leadAnswers, notPdfBytes, payloadAnswers, scienceAnswers } from "../factories/application-answers";
import { createApplication } from "../factories/review";
import { testPrisma } from "../support/database";
import {
  badChoice,
  badEmailField,
  badNumber,
  badText,
  callAction,
  expectNoPollution,
  expectWithForm,
  expectRefusedState,
  invalidForm,
  nastyString,
  pollutionKey,
  PROPERTY_TIMEOUT,
  RUNS,
  toFormData,
  tooLong,
  unknownCountry,
  unknownEnumValue,
  watchTables,
  type Fields,
  type FormValue,
} from "../support/property";
import { PRACTICE_CALL_SLUG } from "../../prisma/practice-call";

// The applicant's form actions driven with generated bad forms: each answers the form with { ok: false } and
// message keys (or, for removing an attachment, sends the applicant back to the attachments page as it always
// does), never throws, and writes nothing.

vi.mock("next/headers", () => ({ headers: async () => new Headers({ "x-portal-client-ip": "10.8.8.8" }) }));

type Action = (...args: never[]) => Promise<unknown>;
const exported = Object.entries(applicantActions).filter(([, fn]) => typeof fn === "function") as [string, Action][];
const covered = new Set<string>();

// draft: every step answered but no technical description, so it cannot be submitted; complete: submittable.
const tokens = { draft: "", complete: "", submitted: "", submittedAttachment: "", completeAttachment: "" };

async function applicationWithToken(options: Parameters<typeof createApplication>[0]) {
  const { token, hash } = newAccessToken();
  const app = await createApplication(options);
  await testPrisma().application.update({ where: { id: app.id }, data: { accessTokenHash: hash } });
  return { token, attachmentId: (app as { attachmentId?: string }).attachmentId ?? "" };
}

beforeAll(async () => {
  const draft = await applicationWithToken({ status: "DRAFT" });
  const complete = await applicationWithToken({ status: "DRAFT", withAttachment: true });
  const submitted = await applicationWithToken({ status: "SUBMITTED", withAttachment: true });
  Object.assign(tokens, {
    draft: draft.token,
    complete: complete.token,
    completeAttachment: complete.attachmentId,
    submitted: submitted.token,
    submittedAttachment: submitted.attachmentId,
  });
});

/** Tokens that open no application: malformed, well-formed and unknown. */
const unknownToken = fc.oneof(nastyString, pollutionKey, tooLong(43), fc.stringMatching(/^[A-Za-z0-9_-]{43}$/), fc.constant(""));
const locale = fc.constantFrom<FormValue>("en", "zh", undefined, "xx", "../../admin", "<script>");

async function drive(name: string, cases: fc.Arbitrary<{ form: FormData; expect: (outcome: Awaited<ReturnType<typeof callAction>>) => void; label: string }>) {
  covered.add(name);
  const action = (applicantActions as unknown as Record<string, Action>)[name]!;
  const tables = await watchTables();
  await fc.assert(
    fc.asyncProperty(cases, async (c) => {
      const outcome = await callAction(action, c.form);
      expectWithForm(c.form, () => c.expect(outcome));
      expectNoPollution();
      await tables.check(`${name} (${c.label})`);
    }),
    { numRuns: RUNS },
  );
}

const refused = (label: string, messages?: string[]) => (outcome: Awaited<ReturnType<typeof callAction>>) => {
  const state = expectRefusedState(outcome, label);
  if (messages) expect(messages, `${label}: ${JSON.stringify(state)}`).toContain(state.message);
};

function formWith(fields: Fields, extra: [string, string][] = []) {
  return toFormData(fields, extra);
}

describe("the applicant's form actions under generated bad forms", { timeout: PROPERTY_TIMEOUT }, () => {
  it(`startApplicationAction: ${RUNS} invalid or ineligible starts are refused and start nothing`, async () => {
    const valid: Fields = { call: PRACTICE_CALL_SLUG, email: "applicant@example.org", outsideChina: "yes", fundsDevelopment: "yes", sharesData: "yes", website: "" };
    const invalid = invalidForm(valid, {
      email: badEmailField,
      outsideChina: badChoice(["yes", "no"]),
      fundsDevelopment: badChoice(["yes", "no"]),
      sharesData: badChoice(["yes", "no"]),
      // The field people never see: a bot fills it.
      website: fc.oneof(nastyString.filter((s) => s !== ""), tooLong(10)),
    }).map(({ fields, extra }) => ({ form: formWith(fields, extra), label: "invalid" }));
    const ineligible = fc
      .tuple(fc.subarray(["outsideChina", "fundsDevelopment", "sharesData"], { minLength: 1 }), locale)
      .map(([noes, loc]) => ({ form: formWith({ ...valid, ...Object.fromEntries(noes.map((n) => [n, "no"])), locale: loc }), label: "ineligible" }));
    await drive(
      "startApplicationAction",
      fc.oneof(invalid, ineligible).map((c) => {
        const parsed = startApplicationSchema(tianwen3Definition.eligibility).safeParse(formDataToObject(c.form));
        expect(!parsed.success || ineligibilityReasons(tianwen3Definition.eligibility, parsed.data, "en").length > 0, `generated a valid start: ${JSON.stringify(formDataToObject(c.form))}`).toBe(true);
        return { ...c, expect: refused(`start (${c.label})`, ["summaryTitle", "notEligible"]) };
      }),
    );
  });

  const stepValid: Record<"lead" | "payload" | "science", Fields> = {
    lead: { ...(leadAnswers({ participants: undefined }) as unknown as Record<string, string>), "participants.0.name": "Istituto Test di Roma", "participants.0.country": "IT" },
    payload: Object.fromEntries(Object.entries(payloadAnswers()).map(([k, v]) => [k, String(v)])),
    science: { ...(scienceAnswers() as unknown as Record<string, string>), objectives: ["CLIMATE_HISTORY", "GEOLOGY"] },
  };
  delete stepValid.lead.participants;

  const stepBad: Record<"lead" | "payload" | "science", Record<string, fc.Arbitrary<FormValue>>> = {
    lead: {
      institutionName: badText(2, 200),
      institutionType: badChoice(["UNIVERSITY", "RESEARCH_INSTITUTE", "SPACE_AGENCY", "COMPANY", "INTERNATIONAL_ORGANISATION"]),
      country: fc.oneof(unknownCountry, fc.constant(undefined)),
      contactName: badText(2, 120),
      contactEmail: badEmailField,
      contactPhone: tooLong(40),
      "participants.0.name": badText(2, 200, false).filter((v) => v !== undefined && String(v).trim() !== ""),
      "participants.0.country": unknownCountry,
    },
    payload: {
      payloadName: badText(2, 120),
      payloadKind: badChoice(["INSTRUMENT", "TECHNOLOGY_DEMONSTRATION", "OTHER"]),
      carrier: badChoice(["ORBITER", "SERVICE_MODULE"]),
      massKg: fc.oneof(badNumber({ max: 15 }), fc.constantFrom("0", "-0.5", "1.0005", "15.001")),
      peakPowerW: badNumber({ max: 10_000 }),
      averagePowerW: fc.oneof(badNumber({ max: 10_000 }), fc.constant("13")),
      lengthMm: badNumber({ max: 5000, int: true }),
      trl: fc.oneof(badNumber({ max: 9, int: true }), fc.constant("0")),
      dataVolumeMbPerDay: badNumber({ max: 1_000_000 }),
      pointingNeeds: badText(2, 1000),
      heritage: badText(2, 2000),
    },
    science: {
      objectives: fc.oneof(fc.constant(undefined), unknownEnumValue(["SIGNS_OF_LIFE", "CLIMATE_HISTORY", "GEOLOGY", "INTERNAL_STRUCTURE", "OTHER"]).map((v) => ["GEOLOGY", v])),
      otherObjective: tooLong(500),
      expectedResults: badText(20, 4000),
      dataSharing: badText(20, 2000),
    },
  };

  for (const step of ["lead", "payload", "science"] as const) {
    it(`saveStepAction (${step}): ${RUNS} invalid answers are refused keeping the valid ones as an incomplete draft; unknown tokens and submitted applications save nothing`, async () => {
      const arrays = step === "science" ? ["objectives"] : [];
      const withToken = (token: string, fields: Fields, extra: [string, string][] = []) => formWith({ ...fields, token, step, locale: "en" }, extra);
      const invalid = invalidForm(stepValid[step], stepBad[step]).map(({ fields, extra }) => {
        const form = withToken(tokens.draft, fields, extra);
        expectWithForm(form, () => expect(stepSchemas[step].safeParse(formDataToObject(form, arrays)).success, `generated valid ${step} answers`).toBe(false));
        return { form, label: "invalid answers", expect: refused(`${step} invalid`, ["invalidKept"]) };
      });
      const cases = fc.oneof(
        invalid,
        unknownToken.map((token) => ({ form: withToken(token, stepValid[step]), label: "unknown token", expect: refused(`${step} unknown token`, ["notFound"]) })),
        fc.constant(null).map(() => ({ form: withToken(tokens.submitted, stepValid[step]), label: "submitted", expect: refused(`${step} submitted`, ["notEditable"]) })),
        unknownEnumValue(["lead", "payload", "science"]).map((bad) => ({
          form: formWith({ ...stepValid[step], token: tokens.draft, step: bad }),
          label: "unknown step",
          expect: refused(`${step} unknown step`, ["invalidRequest"]),
        })),
        ...(step === "payload"
          ? [fc.integer({ min: 5001, max: 15000 }).map((grams) => ({
              form: withToken(tokens.draft, { ...stepValid.payload, carrier: "SERVICE_MODULE", massKg: String(grams / 1000) }),
              label: "over capacity",
              expect: (outcome: Awaited<ReturnType<typeof callAction>>) => expect(expectRefusedState(outcome, "over capacity").fieldErrors).toEqual({ massKg: "overCapacity" }),
            }))]
          : []),
      );
      covered.add("saveStepAction");
      const tables = await watchTables();
      const draftRow = await testPrisma().application.findFirstOrThrow({ where: { accessTokenHash: hashToken(tokens.draft) } });
      const changesBefore = (await testPrisma().applicationChange.findMany({ where: { applicationId: draftRow.id }, select: { id: true } })).map((c) => c.id);
      await fc.assert(
        fc.asyncProperty(cases, async (c) => {
          const outcome = await callAction(applicantActions.saveStepAction, c.form);
          expectWithForm(c.form, () => c.expect(outcome));
          expectNoPollution();
          if (c.label === "invalid answers") {
            // The valid answers were kept as a draft: the step must not count as done; then the draft is put back.
            const view = await getApplicantView(tokens.draft);
            expectWithForm(c.form, () => expect(view!.completedSteps).not.toContain(step));
            await testPrisma().application.update({ where: { id: draftRow.id }, data: { answers: draftRow.answers ?? {}, updatedAt: draftRow.updatedAt } });
            // The kept answers are a change, recorded once with who made it; the record goes with the draft's answers.
            const recorded = await testPrisma().applicationChange.findMany({ where: { applicationId: draftRow.id, id: { notIn: changesBefore } } });
            expectWithForm(c.form, () => expect(recorded.map((r) => [r.action, r.pageKey, r.actorEmail])).toEqual([["save", step, draftRow.email]]));
            await testPrisma().applicationChange.deleteMany({ where: { id: { in: recorded.map((r) => r.id) } } });
          }
          await tables.check(`saveStepAction ${step} (${c.label})`);
        }),
        { numRuns: RUNS },
      );
    });
  }

  it(`uploadAttachmentAction: ${RUNS} bad kinds, missing files, non-PDFs and unusable tokens are refused and store nothing`, async () => {
    const kind = fc.constantFrom("TECHNICAL_DESCRIPTION", "LETTER_OF_SUPPORT");
    const pdf = () => new File([new TextEncoder().encode("%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n")], "ok.pdf", { type: "application/pdf" });
    const notPdf = fc.oneof(
      fc.constant(notPdfBytes()),
      fc.uint8Array({ minLength: 1, maxLength: 300 }).filter((b) => !new TextDecoder().decode(b.slice(0, 5)).startsWith("%PDF-")),
      fc.constantFrom("<html><script>alert(1)</script>", "GIF89a%PDF-1.7", "%PDF").map((s) => new TextEncoder().encode(s)),
    );
    const cases = fc.oneof(
      fc.tuple(badChoice(["TECHNICAL_DESCRIPTION", "LETTER_OF_SUPPORT"]), fc.boolean()).map(([k, withFile]) => ({
        form: formWith({ token: tokens.draft, kind: k, file: withFile ? pdf() : undefined }),
        label: "bad kind",
        expect: refused("bad kind", ["summaryTitle"]),
      })),
      fc.tuple(kind, fc.constantFrom<FormValue>(undefined, "", "not a file", new File([], ""))).map(([k, file]) => ({
        form: formWith({ token: tokens.draft, kind: k, file }),
        label: "no file",
        expect: refused("no file", ["summaryTitle"]),
      })),
      fc.tuple(kind, notPdf, fc.oneof(nastyString, fc.constantFrom("a.pdf", "../../x.pdf", "a\u0000.pdf"))).map(([k, bytes, name]) => ({
        form: formWith({ token: tokens.draft, kind: k, file: new File([bytes as Uint8Array<ArrayBuffer>], name, { type: "application/pdf" }) }),
        label: "not a PDF",
        expect: refused("not a PDF", ["summaryTitle"]),
      })),
      fc.tuple(kind, fc.constantFrom(new Uint8Array(0))).map(([k, bytes]) => ({
        form: formWith({ token: tokens.draft, kind: k, file: new File([bytes], "empty.pdf", { type: "application/pdf" }) }),
        label: "empty",
        expect: refused("empty", ["summaryTitle"]),
      })),
      fc.tuple(kind, unknownToken).map(([k, token]) => ({ form: formWith({ token, kind: k, file: pdf() }), label: "unknown token", expect: refused("unknown token", ["notFound"]) })),
      kind.map((k) => ({ form: formWith({ token: tokens.submitted, kind: k, file: pdf() }), label: "submitted", expect: refused("submitted", ["notEditable"]) })),
    );
    await drive("uploadAttachmentAction", cases);
  });

  it(`removeAttachmentAction: ${RUNS} removals of files that are not the applicant's to remove go back to the attachments page and delete nothing`, async () => {
    const cases = fc.oneof(
      fc.tuple(unknownToken, fc.oneof(nastyString, fc.constant(tokens.completeAttachment))).map(([token, id]) => ({ token, id })),
      fc.oneof(nastyString, pollutionKey, fc.constant(tokens.submittedAttachment)).map((id) => ({ token: tokens.complete, id })),
      // A submitted application's files stay, even for its own token.
      fc.constant(null).map(() => ({ token: tokens.submitted, id: tokens.submittedAttachment })),
    ).chain(({ token, id }) =>
      locale.map((loc) => ({
        form: formWith({ token, attachmentId: id, locale: loc }),
        label: `remove ${JSON.stringify([token, id])}`,
        expect: (outcome: Awaited<ReturnType<typeof callAction>>) =>
          // Form data holds text as USVString: a lone surrogate in the token arrives as U+FFFD.
          expect(outcome, `remove ${JSON.stringify([token, id])}`).toEqual({ kind: "redirect", to: `/${loc === "zh" ? "zh" : "en"}/applications/${token.toWellFormed()}/attachments` }),
      })),
    );
    await drive("removeAttachmentAction", cases);
  });

  it(`submitApplicationAction: ${RUNS} submissions without the declaration or a valid key, or of a draft that is not complete, are refused and submit nothing`, async () => {
    const valid: Fields = { declaration: "on", idempotencyKey: randomUUID() };
    const invalid = invalidForm(valid, {
      declaration: fc.oneof(fc.constant(undefined), unknownEnumValue(["on", "true"])),
      idempotencyKey: fc.oneof(fc.constant(undefined), nastyString, fc.constantFrom("not-a-uuid", "00000000-0000-0000-0000-00000000000g", `{${randomUUID()}}`)),
    }).map(({ fields, extra }) => {
      const form = formWith({ ...fields, token: tokens.complete }, extra);
      expect(submitApplicationSchema.safeParse(formDataToObject(form)).success, "generated a valid submission").toBe(false);
      return { form, label: "invalid", expect: refused("invalid submission", ["summaryTitle"]) };
    });
    const cases = fc.oneof(
      invalid,
      unknownToken.map((token) => ({ form: formWith({ ...valid, token }), label: "unknown token", expect: refused("unknown token", ["notFound"]) })),
      fc.constant(null).map(() => ({ form: formWith({ declaration: "on", idempotencyKey: randomUUID(), token: tokens.draft }), label: "incomplete", expect: refused("incomplete", ["incomplete"]) })),
    );
    await drive("submitApplicationAction", cases);
  });

  it(`withdrawApplicationAction: ${RUNS} withdrawals without confirmation, with unknown tokens or of drafts are refused and change nothing`, async () => {
    const cases = fc.oneof(
      fc.oneof(fc.constant(undefined), unknownEnumValue(["yes"])).map((confirm) => ({ form: formWith({ token: tokens.submitted, confirm }), label: "unconfirmed", expect: refused("unconfirmed", ["summaryTitle"]) })),
      unknownToken.map((token) => ({ form: formWith({ token, confirm: "yes" }), label: "unknown token", expect: refused("unknown token", ["notFound"]) })),
      fc.constantFrom("draft", "complete").map((which) => ({ form: formWith({ token: tokens[which as "draft"], confirm: "yes" }), label: "draft", expect: refused("draft", ["notEditable"]) })),
    );
    await drive("withdrawApplicationAction", cases);
  });

  it("drove every exported applicant action: a new one without a property test fails here", () => {
    expect(exported.map(([name]) => name).sort()).toEqual([...covered].sort());
  });
});
