import { describe, expect, it } from "vitest";
import { attachmentQuestions, countWords, pageAnswersSchema, requestJsonSchema, resourceRequests, stageAnswersSchema } from "@/lib/calls/answers";
import { callDefinitionSchema, type CallDefinitionInput } from "@/lib/calls/definition";
import { TIANWEN3_STAGE, tianwen3Definition } from "@/lib/calls/tianwen-3";
import { fieldErrorsOf } from "@/lib/form-state";
import { leadAnswers, payloadAnswers, scienceAnswers } from "../factories/application-answers";

type QuestionInput = CallDefinitionInput["stages"][number]["form"]["pages"][number]["questions"][number];

const label = { en: "Label", zh: "标签" };
const kilograms = { en: "kilograms", zh: "千克", symbol: "kg" };

/** A call of one stage whose pages ("p0", "p1", ...) hold these questions. */
function call(pages: QuestionInput[][], extra: Partial<CallDefinitionInput> = {}) {
  return callDefinitionSchema.parse({
    pools: [
      { key: "orbiter", label, unit: kilograms, capacity: 15, maxPerRequest: 10 },
      { key: "lander", label, unit: kilograms, capacity: 5 },
    ],
    rubric: { criteria: [{ key: "merit", label, weight: 1 }], scale: { min: 1, max: 5 }, instructions: label },
    stages: [{ key: "proposal", form: { pages: pages.map((questions, i) => ({ key: `p${i}`, title: label, questions })) } }],
    ...extra,
  });
}

/** What one question answers: the parsed value, or its message key. */
function answer(question: QuestionInput, value: unknown, locale = "en") {
  const parsed = stageAnswersSchema(call([[question]]), "proposal", { locale }).safeParse({ [question.key]: value });
  return parsed.success ? { value: (parsed.data as Record<string, unknown>)[question.key] } : { error: fieldErrorsOf(parsed.error) };
}
const q = (type: string, extra: object = {}) => ({ key: "a", type, label, required: true, ...extra }) as QuestionInput;
const errorOf = (question: QuestionInput, value: unknown, locale = "en") => answer(question, value, locale).error?.a;

describe("text answers", () => {
  const short = q("shortText", { minLength: 2, maxLength: 5 });
  it("are trimmed and kept within their length", () => {
    expect(answer(short, "  Lyon ")).toEqual({ value: "Lyon" });
    expect(errorOf(short, "Lyon, France")).toBe("tooLong");
    expect(errorOf(short, "L")).toBe("tooShort");
    expect(errorOf(short, "   ")).toBe("required");
  });
  it("may be left blank when optional, and are then absent", () => {
    expect(answer(q("shortText", { required: false, maxLength: 40 }), " ")).toEqual({ value: undefined });
    expect(errorOf(q("shortText", { required: false, maxLength: 40 }), 42)).toBe("invalidRequest");
  });
  it("count words, not characters, under a word limit, Chinese included", () => {
    const limited = q("longText", { limit: { unit: "words", max: 3 }, min: 2 });
    expect(answer(limited, "Dust over Jezero")).toEqual({ value: "Dust over Jezero" });
    expect(errorOf(limited, "Dust over Jezero crater")).toBe("tooLong");
    expect(errorOf(limited, "Dust")).toBe("tooShort");
    expect(countWords("天问三号将从火星带回样品")).toBeGreaterThan(3);
    expect(errorOf(limited, "天问三号将从火星带回样品")).toBe("tooLong");
    expect(errorOf(limited, "\u0000 ")).toBe("required");
  });
});

describe("number answers", () => {
  const mass = q("number", { min: 0, max: 100 });
  it("take a decimal comma in French, Spanish and Russian, and refuse it in English and Chinese, where 1,000 is a thousand", () => {
    for (const locale of ["fr", "es", "ru"]) expect(answer(mass, "2,5", locale), locale).toEqual({ value: 2.5 });
    for (const locale of ["en", "zh"]) expect(errorOf(mass, "2,5", locale), locale).toBe("number");
    expect(errorOf(mass, "1,000", "en")).toBe("number");
  });
  it("take the point a number input sends in every language, and digits grouped by spaces where they are written so", () => {
    for (const locale of ["en", "zh", "fr", "ar"]) expect(answer(mass, "2.5", locale), locale).toEqual({ value: 2.5 });
    expect(answer(q("number"), "1 234,5", "fr")).toEqual({ value: 1234.5 });
    expect(errorOf(mass, "1.000,5", "fr")).toBe("number");
  });
  it("take Arabic-Indic digits and the Arabic decimal separator in Arabic", () => {
    expect(answer(mass, "٢٫٥", "ar")).toEqual({ value: 2.5 });
    expect(errorOf(mass, "٢٫٥", "en")).toBe("number");
  });
  it("check the bounds, whole numbers and the step", () => {
    expect(errorOf(mass, "-1")).toBe("tooSmall");
    expect(errorOf(mass, "101")).toBe("tooLarge");
    expect(errorOf(q("number", { integer: true }), "2.5")).toBe("wholeNumber");
    expect(errorOf(q("number", { positive: true }), "0")).toBe("positive");
    expect(errorOf(q("number", { step: 0.01 }), "1.234")).toBe("tooPrecise");
    expect(answer(q("number", { step: 0.01 }), "1.23")).toEqual({ value: 1.23 });
    expect(errorOf(q("number", { min: 1, step: 0.5 }), "1.75")).toBe("notOnStep");
    expect(answer(q("number", { min: 1, step: 0.5 }), "2.5")).toEqual({ value: 2.5 });
    expect(errorOf(mass, "")).toBe("required");
    expect(errorOf(mass, "a lot")).toBe("number");
  });
});

describe("choices", () => {
  const options = ["RED", "GREEN", "BLUE"].map((value) => ({ value, label }));
  it("take only a declared value", () => {
    expect(answer(q("singleChoice", { options }), "RED")).toEqual({ value: "RED" });
    expect(errorOf(q("singleChoice", { options }), "red")).toBe("chooseOne");
    expect(errorOf(q("singleChoice", { options }), "")).toBe("chooseOne");
    expect(errorOf(q("yesNo"), "maybe")).toBe("chooseOne");
    expect(answer(q("yesNo"), "no")).toEqual({ value: "no" });
  });
  it("of several values name the one not offered, and count distinct values against the limits", () => {
    const several = q("multipleChoice", { options, minChoices: 2, maxChoices: 2 });
    expect(answer(several, ["RED", "BLUE", "RED"])).toEqual({ value: ["RED", "BLUE"] });
    expect(answer(several, ["RED", "PINK"]).error).toEqual({ "a.1": "chooseOne" });
    expect(errorOf(several, ["RED", "RED"])).toBe("tooFewChoices");
    expect(errorOf(several, ["RED", "GREEN", "BLUE"])).toBe("tooManyChoices");
    expect(errorOf(q("multipleChoice", { options }), [])).toBe("chooseAtLeastOne");
  });
});

describe("countries, addresses, links and dates", () => {
  it("take a known two-letter code in either case", () => {
    expect(answer(q("country"), " fr ")).toEqual({ value: "FR" });
    expect(errorOf(q("country"), "ZZ")).toBe("country");
    expect(errorOf(q("country"), "")).toBe("required");
  });
  it("take an email address, lower-cased", () => {
    expect(answer(q("email"), " Ada@Example.ORG ")).toEqual({ value: "ada@example.org" });
    expect(errorOf(q("email"), "ada@")).toBe("email");
  });
  it("take web addresses only", () => {
    expect(answer(q("url"), " https://example.org/payload ")).toEqual({ value: "https://example.org/payload" });
    expect(errorOf(q("url"), "javascript:alert(1)")).toBe("url");
    expect(errorOf(q("url"), "ftp://example.org/file")).toBe("url");
    expect(errorOf(q("url"), "")).toBe("required");
  });
  it("take a real day within the question's bounds", () => {
    const day = q("date", { min: "2026-01-01", max: "2026-12-31" });
    expect(answer(day, "2026-06-30")).toEqual({ value: "2026-06-30" });
    expect(errorOf(day, "2026-02-30")).toBe("date");
    expect(errorOf(day, "2026-13-01")).toBe("date");
    expect(errorOf(day, "30/06/2026")).toBe("date");
    expect(errorOf(day, "2025-12-31")).toBe("tooEarly");
    expect(errorOf(day, "2027-01-01")).toBe("tooLate");
  });
});

describe("repeating groups", () => {
  const partners = q("group", {
    required: false,
    maxItems: 2,
    questions: [q("shortText", { key: "name", maxLength: 50 }), q("country", { key: "country" })],
  });
  it("drop rows left blank, and name the faulty field of a row", () => {
    const rows = [{ name: "", country: " " }, { name: "Osaka University", country: "jp" }, {}];
    expect(answer(partners, rows)).toEqual({ value: [{ name: "Osaka University", country: "JP" }] });
    expect(answer(partners, [{ name: "Osaka University", country: "ZZ" }]).error).toEqual({ "a.0.country": "country" });
    expect(answer(partners, undefined)).toEqual({ value: [] });
  });
  it("take no more rows than the group allows", () => {
    const three = ["A", "B", "C"].map((name) => ({ name: `Institute ${name}`, country: "FR" }));
    expect(errorOf(partners, three)).toBe("tooManyItems");
    expect(errorOf(partners, "Institute A")).toBe("invalidRequest");
    expect(errorOf(q("group", { maxItems: 3, questions: [q("shortText", { key: "name", maxLength: 50 })] }), [{ name: " " }])).toBe("required");
  });
  it("refuse a required group left out of the answers altogether, as they refuse one with no row", () => {
    const required = q("group", { maxItems: 3, questions: [q("shortText", { key: "name", maxLength: 50 })] });
    expect(errorOf(required, undefined)).toBe("required");
    const parsed = stageAnswersSchema(call([[required]]), "proposal", { locale: "en" }).safeParse({});
    expect(parsed.success).toBe(false);
  });
});

describe("resources", () => {
  it("ask a positive amount no larger than the pool allows one request", () => {
    const fixed = q("resource", { pool: "orbiter" });
    expect(answer(fixed, "9.5")).toEqual({ value: 9.5 });
    expect(errorOf(fixed, "11")).toBe("tooLarge");
    expect(errorOf(fixed, "0")).toBe("positive");
  });
  it("drawn on the pool an earlier choice names, up to the largest pool offered, and report which pool each amount is asked of", () => {
    const carrier = q("singleChoice", {
      key: "carrier",
      options: [
        { value: "ORBITER", label, pool: "orbiter" },
        { value: "LANDER", label, pool: "lander" },
      ],
    });
    const definition = call([[carrier, q("resource", { key: "massKg", poolFrom: "carrier", step: 0.001 })]]);
    const schema = stageAnswersSchema(definition, "proposal");
    expect(fieldErrorsOf(schema.safeParse({ carrier: "LANDER", massKg: "10.5" }).error!)).toEqual({ massKg: "tooLarge" });
    const parsed = schema.parse({ carrier: "LANDER", massKg: "7" });
    expect(resourceRequests(definition, "proposal", parsed)).toEqual([{ question: "massKg", field: "massKg", pool: "lander", amount: 7 }]);
  });

  it("in a group's rows, each named at its own row's field; nothing that is not a positive amount is a request", () => {
    const carrier = q("singleChoice", { key: "carrier", options: [{ value: "ORBITER", label, pool: "orbiter" }, { value: "LANDER", label, pool: "lander" }] });
    const rows = q("group", { key: "items", maxItems: 5, questions: [carrier, q("resource", { key: "kg", poolFrom: "carrier" })] });
    const definition = call([[rows]]);
    const answers = { items: [{ carrier: "LANDER", kg: 2 }, { carrier: "ORBITER", kg: -3 }, null, { carrier: "ORBITER", kg: 1.5 }] };
    expect(resourceRequests(definition, "proposal", answers)).toEqual([
      { question: "kg", field: "items.0.kg", pool: "lander", amount: 2 },
      { question: "kg", field: "items.3.kg", pool: "orbiter", amount: 1.5 },
    ]);
  });
});

describe("conditions", () => {
  const partnered = q("yesNo", { key: "partnered" });
  const partner = q("shortText", { key: "partner", maxLength: 80, showIf: { question: "partnered", equals: "yes" } });
  const schema = stageAnswersSchema(call([[partnered, partner]]), "proposal");
  it("require a shown question and drop a hidden one's answer", () => {
    expect(fieldErrorsOf(schema.safeParse({ partnered: "yes" }).error!)).toEqual({ partner: "required" });
    expect(schema.parse({ partnered: "yes", partner: "ESA" })).toEqual({ partnered: "yes", partner: "ESA" });
    expect(schema.parse({ partnered: "no", partner: "ESA" })).toEqual({ partnered: "no" });
  });
  it("still refuse a malformed answer to a hidden question, as a form without scripts shows it", () => {
    expect(fieldErrorsOf(schema.safeParse({ partnered: "no", partner: "x".repeat(81) }).error!)).toEqual({ partner: "tooLong" });
  });
  it("hide the follow-ups of a hidden question, whatever they ask of it", () => {
    const since = q("date", { key: "since", showIf: { question: "partner", notEquals: "NONE" } });
    const partnerChoice = q("singleChoice", { key: "partner", options: ["ESA", "NONE"].map((value) => ({ value, label })), showIf: partner.showIf });
    const chained = stageAnswersSchema(call([[partnered, partnerChoice, since]]), "proposal");
    expect(chained.parse({ partnered: "no", partner: "ESA", since: "2026-01-01" })).toEqual({ partnered: "no" });
    expect(fieldErrorsOf(chained.safeParse({ partnered: "yes", partner: "ESA" }).error!)).toEqual({ since: "required" });
    expect(chained.parse({ partnered: "yes", partner: "NONE" })).toEqual({ partnered: "yes", partner: "NONE" });
  });
  it("on another page are undecided for a page saved alone, and decided by the answers saved before", () => {
    const definition = call([[partnered], [partner]]);
    expect(pageAnswersSchema(definition, "proposal", "p1").parse({})).toEqual({});
    expect(pageAnswersSchema(definition, "proposal", "p1").parse({ partner: "ESA" })).toEqual({ partner: "ESA" });
    const afterYes = pageAnswersSchema(definition, "proposal", "p1", { saved: { partnered: "yes" } });
    expect(fieldErrorsOf(afterYes.safeParse({}).error!)).toEqual({ partner: "required" });
    expect(pageAnswersSchema(definition, "proposal", "p1", { saved: { partnered: "no" } }).parse({ partner: "ESA" })).toEqual({});
    expect(fieldErrorsOf(stageAnswersSchema(definition, "proposal").safeParse({ partnered: "yes" }).error!)).toEqual({ partner: "required" });
  });
});

describe("rules between answers", () => {
  it("keep one date no later than another, and say so on the first", () => {
    const days = [q("date", { key: "start" }), q("date", { key: "end" })];
    const definition = call([days], {
      stages: [{ key: "proposal", form: { pages: [{ key: "p0", title: label, questions: days }], rules: [{ type: "lte", question: "start", than: "end" }] } }],
    });
    const schema = stageAnswersSchema(definition, "proposal");
    expect(fieldErrorsOf(schema.safeParse({ start: "2026-05-01", end: "2026-04-01" }).error!)).toEqual({ start: "tooLarge" });
    expect(schema.safeParse({ start: "2026-04-01", end: "2026-05-01" }).success).toBe(true);
    // A faulty answer is reported for itself, not compared.
    expect(fieldErrorsOf(schema.safeParse({ start: "2026-05-01", end: "0000" }).error!)).toEqual({ end: "date" });
  });
});

describe("files", () => {
  it("are not answers: their questions are listed apart", () => {
    const file = q("attachment", { key: "cv", attachmentKind: "CV", maxBytes: 1024, maxFiles: 1 });
    const definition = call([[q("shortText", { maxLength: 10 }), file]]);
    expect(attachmentQuestions(definition, "proposal").map((a) => a.key)).toEqual(["cv"]);
    expect(stageAnswersSchema(definition, "proposal").parse({ a: "x", cv: "evil.pdf" })).toEqual({ a: "x" });
  });
});

describe("the Tianwen-3 offer's answers", () => {
  const stored = { lead: leadAnswers(), payload: payloadAnswers({ carrier: "ORBITER", massKg: 2.5 }), science: scienceAnswers() };

  it("read today's stored answers unchanged, page by page and as one stage", () => {
    for (const [page, answers] of Object.entries(stored)) {
      expect(pageAnswersSchema(tianwen3Definition, TIANWEN3_STAGE, page).parse(answers), page).toEqual(answers);
    }
    expect(stageAnswersSchema(tianwen3Definition, TIANWEN3_STAGE).parse({ ...stored.lead, ...stored.payload, ...stored.science })).toEqual({
      ...stored.lead,
      ...stored.payload,
      ...stored.science,
    });
  });

  it("answer a field that cannot be read as text with a message key (today's lead step schema throws on it)", () => {
    const lead = pageAnswersSchema(tianwen3Definition, TIANWEN3_STAGE, "lead");
    const parsed = lead.safeParse({ ...stored.lead, participants: [{ name: { toString: 1 }, country: "FR" }] });
    expect(fieldErrorsOf(parsed.error!)).toEqual({ "participants.0.name": "required" });
  });

  it("keep today's cross-field checks as data: average power, the country of an international organisation, the other objective", () => {
    const payload = pageAnswersSchema(tianwen3Definition, TIANWEN3_STAGE, "payload");
    expect(fieldErrorsOf(payload.safeParse({ ...stored.payload, averagePowerW: 20 }).error!)).toEqual({ averagePowerW: "averageAbovePeak" });
    const lead = pageAnswersSchema(tianwen3Definition, TIANWEN3_STAGE, "lead");
    expect(lead.parse({ ...stored.lead, institutionType: "INTERNATIONAL_ORGANISATION", country: "FR" })).not.toHaveProperty("country");
    expect(fieldErrorsOf(lead.safeParse({ ...stored.lead, country: "" }).error!)).toEqual({ country: "required" });
    const science = pageAnswersSchema(tianwen3Definition, TIANWEN3_STAGE, "science");
    expect(fieldErrorsOf(science.safeParse({ ...stored.science, objectives: ["OTHER"] }).error!)).toEqual({ otherObjective: "required" });
  });

  it("take a mass in either carrier's pool up to 15 kg, leaving what the chosen carrier can still take to the submission", () => {
    const payload = pageAnswersSchema(tianwen3Definition, TIANWEN3_STAGE, "payload", { locale: "fr" });
    const parsed = payload.parse({ ...stored.payload, carrier: "SERVICE_MODULE", massKg: "7,125" });
    expect(resourceRequests(tianwen3Definition, TIANWEN3_STAGE, parsed)).toEqual([{ question: "massKg", field: "massKg", pool: "service-module", amount: 7.125 }]);
    expect(fieldErrorsOf(payload.safeParse({ ...stored.payload, massKg: "15,5" }).error!)).toEqual({ massKg: "tooLarge" });
    expect(fieldErrorsOf(payload.safeParse({ ...stored.payload, massKg: "2,0005" }).error!)).toEqual({ massKg: "tooPrecise" });
  });

  it("describe the API's request body, files left out and conditional questions optional", () => {
    const schema = requestJsonSchema(tianwen3Definition, TIANWEN3_STAGE) as { properties: Record<string, { title?: string }>; required: string[] };
    expect(schema.properties.massKg?.title).toBe("Mass (kg)");
    expect(schema.properties).not.toHaveProperty("technicalDescription");
    expect(schema.required).toContain("institutionName");
    expect(schema.required).not.toContain("country");
    expect(schema.required).not.toContain("contactPhone");
  });
});
