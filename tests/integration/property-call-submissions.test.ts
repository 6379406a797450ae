import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Prisma } from "@/generated/prisma/client";
import { callDefinitionSchema, type CallDefinition, type Question } from "@/lib/calls/definition";
import { submitCompleteApplication } from "@/server/applications/api-submission";
import { isAnswerPage, saveApplicationStep, startApplication } from "@/server/applications/service";
import { uniqueEmail, uniqueIp } from "../factories/application-answers";
import { createOpportunity } from "../factories";
import { anyAnswers, definitionInput, GENERATED_POOLS } from "../support/call-arbitraries";
import { testPrisma } from "../support/database";
import { badEmail, PROPERTY_TIMEOUT, RUNS, watchTables, type WriteAllowance } from "../support/property";

// Calls defined as data, generated, each opened as a call of its own; then answers no client should send, through
// the partner API's one-request submission and the web form's page saves. Whatever the form and the answers, the
// server answers (never throws, which would be a 5xx), and a refusal writes nothing.

/** Each run creates a call and sends it several requests: a quarter of the runs of the other properties keeps the file within a minute. */
const DEFINITION_RUNS = Math.max(10, Math.ceil(RUNS / 4));
const DAY_MS = 86_400_000;

/** Rate-limit counters: the API counts every attempt from an address, refused ones included, by design. */
const COUNTED_ATTEMPTS: WriteAllowance = { RateLimitBucket: "every attempt counts toward the per-address limit, refused ones included" };

const isKey = (message: unknown) => typeof message === "string" && /^[a-zA-Z]+$/.test(message);

/** A generated definition as a call stores it (JSON), and what the meta-schema makes of it: null when it refuses it. */
const generatedDefinition = definitionInput.map((input) => {
  const stored = JSON.parse(JSON.stringify(input)) as Prisma.InputJsonValue;
  const parsed = callDefinitionSchema.safeParse(stored);
  return { stored, definition: parsed.success ? parsed.data : null };
});

let callsMade = 0;

/** A published call open from a day ago to a year ahead, with the definition's pools, a reference prefix, and the definition as version 1. */
async function createGeneratedCall(stored: Prisma.InputJsonValue) {
  const at = Date.now();
  return createOpportunity({
    referencePrefix: `G${String(++callsMade).padStart(5, "0")}`,
    pools: GENERATED_POOLS.map((p) => ({ key: p.key, capacity: p.capacity, maxPerRequest: p.maxPerRequest ?? null })),
    stages: { create: { position: 0, titleEn: "Proposal", titleZh: "提案", opensAt: new Date(at - DAY_MS), closesAt: new Date(at + 365 * DAY_MS) } },
    definitions: { create: { version: 1, definition: stored } },
  });
}

const pageKeys = (definition: CallDefinition) => definition.stages[0]!.form.pages.map((p) => p.key);
/** Keys no generated form has as a page: another call's pages, near misses, and keys that reach prototypes. */
const unknownPage = fc.constantFrom("p3", "p9", "P0", "p0 ", "lead", "payload", "check", "__proto__", "constructor", "toString", "");

/** Sets a key as an own property, "__proto__" included, as JSON.parse would. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown) {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * An answer an applicant might give, from the question's own limits: often accepted, so that the properties reach
 * past validation (the transaction, the reference, the pools) before a generated change spoils it.
 */
function plausible(q: Question, pick: number): unknown {
  switch (q.type) {
    case "shortText":
      return "x".repeat(Math.max(1, q.minLength ?? 1));
    case "longText":
      return Array.from({ length: Math.max(1, q.min ?? 1) }, () => (q.limit.unit === "words" ? "word" : "x")).join(q.limit.unit === "words" ? " " : "");
    case "number": {
      const n = q.min ?? q.max ?? 1;
      return q.positive && n <= 0 ? (q.max ?? 1) : n;
    }
    case "resource":
      // Eight units twice is more than the orbiter pool holds: a second submission meets the capacity check.
      return [q.step ?? 1, 1, 8][pick % 3];
    case "singleChoice":
      return q.options[pick % q.options.length]!.value;
    case "multipleChoice":
      return q.options.slice(0, Math.max(1, q.minChoices ?? 1)).map((o) => o.value);
    case "yesNo":
      return ["yes", "no"][pick % 2];
    case "country":
      return "FR";
    case "email":
      return "ada@example.org";
    case "url":
      return "https://example.org/proposal";
    case "date":
      return q.min ?? q.max ?? "2026-06-30";
    case "group":
      return Array.from({ length: Math.max(1, q.minItems ?? 1) }, () => Object.fromEntries(q.questions.map((m) => [m.key, plausible(m, pick)])));
    case "attachment":
      return undefined;
  }
}

/** One page's answers: anything a hostile client sends, or an applicant's answers with up to two of them changed or left out. */
const pageValue = fc.oneof(
  anyAnswers.map((value) => ({ kind: "any" as const, value })),
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("changed" as const),
      pick: fc.nat(5),
      changes: fc.oneof(
        { weight: 2, arbitrary: fc.constant([]) },
        fc.array(fc.record({ at: fc.nat(), value: fc.oneof(anyAnswers, fc.constant(undefined)) }), { minLength: 1, maxLength: 2 }),
      ),
    }),
  },
);
type PageValue = typeof pageValue extends fc.Arbitrary<infer T> ? T : never;

function answersOf(definition: CallDefinition, pageKey: string, page: PageValue): unknown {
  if (page.kind === "any") return page.value;
  const questions = definition.stages[0]!.form.pages.find((p) => p.key === pageKey)?.questions.filter((q) => q.type !== "attachment") ?? [];
  const answers: Record<string, unknown> = Object.fromEntries(questions.map((q) => [q.key, plausible(q, page.pick)]));
  for (const { at, value } of page.changes) {
    if (questions.length === 0) break;
    const key = questions[at % questions.length]!.key;
    if (value === undefined) delete answers[key];
    else answers[key] = value;
  }
  return answers;
}

// ------------------------------------------------------------------ the partner API

/** What spoils the envelope: an address that is not one, a language the API does not send, uploads that are not a list of references. */
const brokenEnvelope = fc.oneof(
  fc.record({ field: fc.constant("email"), value: fc.oneof(badEmail, fc.constantFrom(undefined, null, 0, [], {}, ["a@example.org"])) }),
  fc.record({ field: fc.constant("locale"), value: fc.constantFrom("fr", "ar", "ru", "EN", "zh-CN", "", null, 1, ["en"], {}) }),
  fc.record({ field: fc.constant("attachments"), value: fc.constantFrom(null, "none", 0, {}, [{}], [1], [null], [{ uploadId: "../x", uploadToken: "" }], [{ uploadId: "a", uploadToken: "b", extra: 1 }]) }),
);

const submission = fc.record({
  /** One value per page, in the form's order (a form has at most three); undefined leaves the page out. */
  pages: fc.array(fc.option(pageValue, { nil: undefined, freq: 8 }), { minLength: 3, maxLength: 3 }),
  extraPage: fc.oneof({ weight: 5, arbitrary: fc.constant(undefined) }, fc.tuple(unknownPage, anyAnswers)),
  locale: fc.constantFrom("en", "zh", undefined),
  broken: fc.oneof({ weight: 5, arbitrary: fc.constant(undefined) }, brokenEnvelope),
});

type Submission = typeof submission extends fc.Arbitrary<infer T> ? T : never;

function bodyOf(definition: CallDefinition, s: Submission): Record<string, unknown> {
  const body: Record<string, unknown> = { email: uniqueEmail("partner"), attachments: [] };
  if (s.locale) body.locale = s.locale;
  definition.stages[0]!.form.pages.forEach(({ key, questions }, i) => {
    const value = s.pages[i];
    // A page of files only has no answers in the body: only a hostile client sends one.
    const answered = questions.some((q) => q.type !== "attachment");
    if (value !== undefined && (answered || value.kind === "any")) setOwn(body, key, answersOf(definition, key, value));
  });
  if (s.extraPage) setOwn(body, s.extraPage[0], s.extraPage[1]);
  if (s.broken) {
    if (s.broken.value === undefined) delete body[s.broken.field];
    else body[s.broken.field] = s.broken.value;
  }
  return body;
}

const API_REFUSALS = ["invalid", "over_capacity", "call_closed", "rate_limited"];

describe("calls defined as data, under generated answers", { timeout: PROPERTY_TIMEOUT }, () => {
  it(`submitCompleteApplication: ${DEFINITION_RUNS} generated calls answer any submission without throwing, and a refusal writes nothing`, async () => {
    let definitions = 0;
    let valid = 0;
    const outcomes: Record<string, number> = {};
    const tables = await watchTables(COUNTED_ATTEMPTS);
    await fc.assert(
      fc.asyncProperty(generatedDefinition, fc.array(submission, { minLength: 1, maxLength: 3 }), async ({ stored, definition }, submissions) => {
        definitions++;
        if (!definition) return;
        valid++;
        const call = await createGeneratedCall(stored);
        await tables.reset();
        for (const s of submissions) {
          const body = bodyOf(definition, s);
          let result: Awaited<ReturnType<typeof submitCompleteApplication>>;
          try {
            result = await submitCompleteApplication({ slug: call.slug, body, idempotencyKey: randomUUID(), clientIp: uniqueIp() });
          } catch (error) {
            throw new Error(`submitCompleteApplication threw (a 5xx) for ${fc.stringify(body)}: ${(error as Error)?.stack ?? String(error)}`);
          }
          const outcome = result.ok ? "ok" : result.code;
          outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
          if (result.ok) {
            await tables.reset();
            continue;
          }
          expect(API_REFUSALS, `refused ${fc.stringify(body)} with ${JSON.stringify(result)}`).toContain(result.code);
          await tables.check(`a refused submission (${result.code}) of ${fc.stringify(body)}`);
        }
      }),
      { numRuns: DEFINITION_RUNS },
    );
    // Enough generated definitions are valid for the property to drive real calls (about one in seven is), and
    // submissions both pass and fail, so the writing path is exercised as well as the refusals.
    expect(valid, `${valid} of ${definitions} definitions valid; outcomes ${JSON.stringify(outcomes)}`).toBeGreaterThan(definitions / 20);
    expect(outcomes.ok, JSON.stringify(outcomes)).toBeGreaterThan(0);
  });

  // ------------------------------------------------------------------ the web form

  const save = fc.record({
    page: fc.oneof({ weight: 4, arbitrary: fc.nat(2) }, unknownPage),
    answers: pageValue,
    locale: fc.constantFrom("en", "zh", "fr", "ar", "ru"),
  });

  it(`saveApplicationStep: ${DEFINITION_RUNS} generated calls answer any page's answers without throwing, and a refusal leaves the draft as it was`, async () => {
    let definitions = 0;
    let valid = 0;
    const outcomes: Record<string, number> = {};
    const tables = await watchTables();
    await fc.assert(
      fc.asyncProperty(generatedDefinition, fc.constantFrom("en", "zh"), fc.array(save, { minLength: 1, maxLength: 4 }), async ({ stored, definition }, draftLocale, saves) => {
        definitions++;
        if (!definition) return;
        valid++;
        const call = await createGeneratedCall(stored);
        const started = await startApplication({ slug: call.slug, email: uniqueEmail(), locale: draftLocale, clientIp: uniqueIp() });
        if (!started.ok) throw new Error(`startApplication refused a draft of an open call: ${JSON.stringify(started)}`);
        await tables.reset();
        const keys = pageKeys(definition);
        for (const { page, answers: value, locale } of saves) {
          const step = typeof page === "number" ? keys[page % keys.length]! : page;
          const answers = answersOf(definition, step, value);
          const draftBefore = await testPrisma().application.findUniqueOrThrow({ where: { id: started.id }, select: { answers: true } });
          let result: Awaited<ReturnType<typeof saveApplicationStep>>;
          try {
            result = await saveApplicationStep(started.token, step, answers, locale);
          } catch (error) {
            throw new Error(`saveApplicationStep threw (a 5xx) on page ${JSON.stringify(step)} (${locale}) for ${fc.stringify(answers)}: ${(error as Error)?.stack ?? String(error)}`);
          }
          const label = `page ${JSON.stringify(step)} (${locale}) with ${fc.stringify(answers)}`;
          const outcome = result.ok ? "ok" : result.code;
          outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
          if (result.ok) {
            await tables.reset();
            continue;
          }
          const answerPage = definition.stages[0]!.form.pages.find((p) => p.key === step);
          expect(result.code, `${label}: ${JSON.stringify(result)}`).toBe(answerPage && isAnswerPage(answerPage) ? "invalid" : "unknown_page");
          if (result.code === "invalid") {
            // The form shows each field's problem in the applicant's language: message keys, never raw text.
            expect(Object.values(result.fieldErrors).filter((m) => !isKey(m)), label).toEqual([]);
          }
          const draftAfter = await testPrisma().application.findUniqueOrThrow({ where: { id: started.id }, select: { answers: true } });
          expect(draftAfter.answers, `${label} changed the draft's answers`).toEqual(draftBefore.answers);
          await tables.check(`a refused save (${result.code}) of ${label}`);
        }
      }),
      { numRuns: DEFINITION_RUNS },
    );
    expect(valid, `${valid} of ${definitions} definitions valid; outcomes ${JSON.stringify(outcomes)}`).toBeGreaterThan(definitions / 20);
    expect(outcomes.ok, JSON.stringify(outcomes)).toBeGreaterThan(0);
  });
});
