import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import { loadMessages } from "@/i18n/request";
import { describeFieldErrors } from "@/lib/calls/answer-errors";
import { pageAnswersSchema } from "@/lib/calls/answers";
import { callDefinitionSchema, type CallDefinitionInput } from "@/lib/calls/definition";
import { fieldErrorsOf } from "@/lib/form-state";

// One page with a question of every type, each with the limits a call can set.
const input: CallDefinitionInput = {
  stages: [
    {
      key: "proposal",
      form: {
        pages: [
          {
            key: "main",
            title: { en: "Main", zh: "主要" },
            questions: [
              { key: "title", type: "shortText", label: { en: "Project title", zh: "项目名称" }, required: true, minLength: 5, maxLength: 40 },
              { key: "summary", type: "longText", label: { en: "Summary", zh: "摘要" }, required: true, limit: { unit: "words", max: 3 } },
              { key: "power", type: "number", label: { en: "Peak power", zh: "峰值功耗" }, unit: { en: "W", zh: "瓦" }, required: true, min: 0, max: 500 },
              { key: "units", type: "number", label: { en: "Number of units", zh: "数量" }, required: true, integer: true, min: 1 },
              { key: "precise", type: "number", label: { en: "Thickness", zh: "厚度" }, unit: { en: "mm", zh: "毫米" }, required: false, step: 0.01 },
              { key: "mass", type: "resource", label: { en: "Payload mass", zh: "载荷质量" }, required: true, pool: "orbiter", step: 0.001 },
              { key: "site", type: "singleChoice", label: { en: "Landing site", zh: "着陆区" }, required: true, options: [{ value: "a", label: { en: "A", zh: "甲" } }, { value: "b", label: { en: "B", zh: "乙" } }] },
              {
                key: "topics",
                type: "multipleChoice",
                label: { en: "Topics", zh: "主题" },
                required: true,
                maxChoices: 1,
                options: [{ value: "x", label: { en: "X", zh: "X" } }, { value: "y", label: { en: "Y", zh: "Y" } }],
              },
              { key: "flown", type: "yesNo", label: { en: "Flown before", zh: "曾经飞行" }, required: true },
              { key: "launch", type: "date", label: { en: "Delivery date", zh: "交付日期" }, required: true, min: "2027-01-01", max: "2027-12-31" },
              { key: "mail", type: "email", label: { en: "Contact email", zh: "联系邮箱" }, required: true },
              { key: "where", type: "country", label: { en: "Country", zh: "国家" }, required: true },
              { key: "site2", type: "url", label: { en: "Project website", zh: "项目网站" }, required: true },
              {
                key: "team",
                type: "group",
                label: { en: "Team members", zh: "团队成员" },
                required: true,
                minItems: 2,
                maxItems: 3,
                questions: [{ key: "name", type: "shortText", label: { en: "Member name", zh: "成员姓名" }, required: true, maxLength: 100 }],
              },
            ],
          },
        ],
      },
    },
  ],
  pools: [{ key: "orbiter", label: { en: "Orbiter", zh: "轨道器" }, unit: { en: "kilograms", zh: "千克", symbol: "kg" }, capacity: 15 }],
  rubric: { criteria: [{ key: "merit", label: { en: "Merit", zh: "价值" }, weight: 1 }], scale: { min: 1, max: 5 }, instructions: { en: "Score", zh: "评分" } },
};
const definition = callDefinitionSchema.parse(input);
const questions = definition.stages[0]!.form.pages[0]!.questions;

/** The errors an applicant sees for these answers, in a language, from the real catalogues. */
async function errorsFor(answers: Record<string, unknown>, locale: string) {
  const parsed = pageAnswersSchema(definition, "proposal", "main", { locale }).safeParse(answers);
  expect(parsed.success).toBe(false);
  const t = createTranslator({ locale, messages: (await loadMessages(locale)) as never, namespace: "Errors" as never }) as never;
  return describeFieldErrors(fieldErrorsOf(parsed.error!), questions, t, { locale, pools: definition.pools });
}

const good = {
  title: "Lunar dust",
  summary: "Dust study",
  power: "20",
  units: "2",
  mass: "2.5",
  site: "a",
  topics: ["x"],
  flown: "no",
  launch: "2027-05-01",
  mail: "a@example.org",
  where: "FR",
  site2: "https://example.org",
  team: [{ name: "Ana" }, { name: "Bo" }],
};

describe("answer errors name the question and say how to fix it", () => {
  it("a complete page passes, so each error below comes from its one bad answer", () => {
    expect(pageAnswersSchema(definition, "proposal", "main").safeParse(good).success).toBe(true);
  });

  it("every empty required question is named, in English, never as 'Enter an answer' or its key", async () => {
    // A form with no row filled in sends the group's rows blank.
    const errors = await errorsFor({ team: [{ name: "" }] }, "en");
    expect(errors).toMatchObject({
      title: "Enter “Project title”",
      summary: "Enter “Summary”",
      power: "Enter “Peak power” as a number in W, like 12.5",
      units: "Enter “Number of units” as a whole number, like 12",
      mass: "Enter “Payload mass” as a number in kg, like 12.5",
      site: "Choose an answer for “Landing site”",
      topics: "Choose at least one option for “Topics”",
      flown: "Choose an answer for “Flown before”",
      launch: "Enter “Delivery date” as a real date, like 2026-06-30",
      mail: "Enter “Contact email” as an email address, like name@example.org",
      where: "Enter “Country” as a two-letter country or region code, like FR",
      site2: "Enter “Project website” as a web address starting with https:// or http://",
      team: "Add at least 2 entries to “Team members”",
    });
    for (const message of Object.values(errors)) {
      expect(message).not.toMatch(/Enter an answer|^[a-z][A-Za-z0-9]*$/);
    }
  });

  it("numbers give their limits and unit", async () => {
    const errors = await errorsFor({ ...good, power: "900", units: "0", mass: "heavy", precise: "1.234" }, "en");
    expect(errors.power).toBe("Enter “Peak power” as a number from 0 to 500 W");
    expect(errors.units).toBe("Enter “Number of units” as a number of 1 or more");
    expect(errors.mass).toBe("Enter “Payload mass” as a number in kg, like 12.5");
    expect(errors.precise).toBe("Enter “Thickness” with at most 2 decimal places");
    const over = await errorsFor({ ...good, mass: "40" }, "en");
    expect(over.mass).toBe("Enter “Payload mass” in kg: more than 0 and at most 15 kg");
  });

  it("text lengths, choices, dates and rows say what to change", async () => {
    const errors = await errorsFor({ ...good, title: "Dust", summary: "one two three four", topics: ["x", "y"], launch: "2026-01-01", team: [{ name: "Ana" }] }, "en");
    expect(errors.title).toBe("“Project title” must be at least 5 characters long: add more");
    expect(errors.summary).toBe("“Summary” must be 3 words or fewer: shorten it");
    expect(errors.topics).toBe("Choose at most 1 options for “Topics”: untick the others");
    expect(errors.launch).toBe("Enter “Delivery date” as a date from January 1, 2027 to December 31, 2027");
    expect(errors.team).toBe("Add at least 2 entries to “Team members”");
    const rows = await errorsFor({ ...good, team: [{ name: "Ana" }, { name: "x".repeat(101) }] }, "en");
    expect(rows["team.1.name"]).toBe("“Member name (entry 2)” must be 100 characters or fewer: shorten it");
  });

  it("Chinese and French name the question in their own words, with the unit", async () => {
    const zh = await errorsFor({ ...good, mass: "重", power: "900" }, "zh");
    expect(zh.mass).toBe("请以千克为单位、用数字填写“载荷质量”，例如12.5");
    expect(zh.power).toBe("请将“峰值功耗”填写为0至500瓦之间的数字");
    const fr = await errorsFor({ ...good, mass: "lourd", power: "900" }, "fr");
    expect(fr.mass).toBe("Indiquez « Payload mass » sous forme de nombre en kg, par exemple 12,5");
    expect(fr.power).toBe("Indiquez « Peak power » entre 0 et 500 W");
  });

  it("a code the question's rules do not explain stays as it was", async () => {
    const t = createTranslator({ locale: "en", messages: (await loadMessages("en")) as never, namespace: "Errors" as never }) as never;
    expect(describeFieldErrors({ mass: "overCapacity", unknown: "required" }, questions, t, { locale: "en", pools: definition.pools })).toEqual({
      mass: "overCapacity",
      unknown: "required",
    });
  });
});
