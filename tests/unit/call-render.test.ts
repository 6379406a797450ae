import { describe, expect, it } from "vitest";
import { callDefinitionSchema, type CallDefinitionInput } from "@/lib/calls/definition";
import { answersAsText, readAnswers, type AnswerWords } from "@/lib/calls/render";

// Answers read against their form, as receipts and exports put them in words: every type of question.

const label = (en: string, zh = `${en}（中）`) => ({ en, zh });

const definition = callDefinitionSchema.parse({
  pools: [{ key: "soil", label: label("Lunar soil", "月壤"), unit: { en: "grams", zh: "克", symbol: "g" }, capacity: 10 }],
  rubric: { criteria: [{ key: "merit", label: label("Merit"), weight: 1 }], scale: { min: 1, max: 5 }, instructions: label("Score it") },
  stages: [
    {
      key: "request",
      form: {
        pages: [
          {
            key: "about",
            title: label("About you", "关于您"),
            questions: [
              { key: "site", type: "url", label: label("Website"), required: false },
              { key: "since", type: "date", label: label("Founded"), required: true },
              { key: "partnered", type: "yesNo", label: label("Partnered before"), required: true },
              { key: "partner", type: "shortText", label: label("Partner"), required: true, maxLength: 50, showIf: { question: "partnered", equals: "yes" } },
              { key: "fields", type: "multipleChoice", label: label("Fields"), required: true, options: [{ value: "geo", label: label("Geology", "地质") }, { value: "bio", label: label("Biology", "生物") }] },
              { key: "staff", type: "number", label: label("Staff"), required: true, integer: true },
              {
                key: "samples",
                type: "group",
                label: label("Samples"),
                required: true,
                maxItems: 3,
                questions: [
                  { key: "grams", type: "resource", label: label("Grams"), required: true, pool: "soil" },
                  { key: "note", type: "shortText", label: label("Note"), required: false, maxLength: 50 },
                ],
              },
            ],
          },
        ],
      },
    },
  ],
} satisfies CallDefinitionInput);

const form = { pages: definition.stages[0]!.form.pages, pools: definition.pools };
const words: AnswerWords = { yes: "Yes", no: "No", amount: (n, unit) => `${n} ${unit}`, row: (first, rest) => `${first} (${rest})` };
const chinese: AnswerWords = { yes: "是", no: "否", amount: (n, unit) => `${n}${unit}`, row: (first, rest) => `${first}（${rest}）` };

const answers = {
  about: {
    since: "2019-03-04",
    partnered: "no",
    partner: "left over from an earlier answer",
    fields: ["geo"],
    staff: 1200,
    samples: [{ grams: 2.5, note: "sieved" }, { grams: 1 }],
  },
};

describe("answers as text", () => {
  it("words each type, leaves out questions whose condition does not hold, and marks unanswered ones", () => {
    const [page] = answersAsText(readAnswers(form, answers, [], "en"), "en", words);
    expect(page!.title).toBe("About you");
    expect(page!.questions).toEqual([
      { key: "site", label: "Website", lines: [] },
      { key: "since", label: "Founded", lines: ["4 March 2019"] },
      { key: "partnered", label: "Partnered before", lines: ["No"] },
      { key: "fields", label: "Fields", lines: ["Geology"] },
      { key: "staff", label: "Staff", lines: ["1,200"] },
      { key: "samples", label: "Samples", lines: ["2.5 g (sieved)", "1 g"] },
    ]);
  });

  it("reads labels, units and dates in Chinese", () => {
    const [page] = answersAsText(readAnswers(form, { about: { ...answers.about, fields: ["geo", "bio"] } }, [], "zh"), "zh", chinese);
    expect(page!.title).toBe("关于您");
    expect(page!.questions.find((q) => q.key === "fields")).toEqual({ key: "fields", label: "Fields（中）", lines: ["地质", "生物"] });
    expect(page!.questions.find((q) => q.key === "samples")!.lines).toEqual(["2.5克（sieved）", "1克"]);
    expect(page!.questions.find((q) => q.key === "since")!.lines).toEqual(["2019年3月4日"]);
  });
});
