import { randomBytes } from "node:crypto";
import type { Prisma } from "@/generated/prisma/client";
import type { CallDefinitionInput } from "@/lib/calls/definition";
import { testPrisma } from "../support/database";
import { uniqueEmail } from "./application-answers";
import { createOpportunity } from "./index";

// A sample round defined as data: pools of grams per sample category, and a form whose repeating group asks for
// samples (a category, which picks the pool, and the grams wanted). Its capacities are small, so two requests can
// together exceed a pool.

const label = (en: string, zh: string) => ({ en, zh });
const grams = { en: "grams", zh: "克", symbol: "g" };
const DAY_MS = 86_400_000;

export const SAMPLE_POOLS = { soil: 10, breccia: 5 } as const;

export const sampleCallDefinition: CallDefinitionInput = {
  pools: [
    { key: "soil", label: label("Lunar soil", "月壤"), unit: grams, capacity: SAMPLE_POOLS.soil, maxPerRequest: 8 },
    { key: "breccia", label: label("Breccia", "角砾岩"), unit: grams, capacity: SAMPLE_POOLS.breccia },
  ],
  rubric: {
    criteria: [
      { key: "merit", label: label("Scientific merit", "科学价值"), weight: 2 },
      { key: "curation", label: label("Handling and curation", "处理与保管"), weight: 1 },
    ],
    scale: { min: 0, max: 5 },
    instructions: label("Score each request on its own.", "请逐项评分。"),
  },
  stages: [
    {
      key: "request",
      form: {
        pages: [
          {
            key: "samples",
            title: label("Samples", "样品"),
            questions: [
              { key: "institution", type: "shortText", label: label("Institution", "机构"), required: true, maxLength: 200 },
              {
                key: "requests",
                type: "group",
                label: label("Sample requests", "样品申请"),
                required: true,
                minItems: 1,
                maxItems: 5,
                questions: [
                  {
                    key: "category",
                    type: "singleChoice",
                    label: label("Category", "类别"),
                    required: true,
                    options: [
                      { value: "soil", label: label("Lunar soil", "月壤"), pool: "soil" },
                      { value: "breccia", label: label("Breccia", "角砾岩"), pool: "breccia" },
                    ],
                  },
                  { key: "grams", type: "resource", label: label("Mass (g)", "质量（克）"), required: true, poolFrom: "category", step: 0.001 },
                  { key: "purpose", type: "shortText", label: label("Purpose", "用途"), required: true, maxLength: 300 },
                ],
              },
            ],
          },
          {
            key: "documents",
            title: label("Documents", "文件"),
            questions: [
              {
                key: "handlingPlan",
                type: "attachment",
                label: label("Handling and curation plan", "处理与保管计划"),
                required: false,
                attachmentKind: "SAMPLE_PLAN",
                maxBytes: 1024 * 1024,
                maxFiles: 2,
              },
            ],
          },
        ],
      },
    },
  ],
};

let callsMade = 0;

/** A published sample round open from a day ago to a year ahead, with its form, pools and reference prefix. */
export async function createSampleCall() {
  const at = Date.now();
  return createOpportunity({
    kind: "SAMPLE_LOAN",
    status: "OPEN",
    referencePrefix: `S${String(++callsMade).padStart(5, "0")}`,
    pools: sampleCallDefinition.pools!.map((p) => ({ key: p.key, capacity: p.capacity, maxPerRequest: p.maxPerRequest ?? null })),
    stages: { create: { position: 0, titleEn: "Sample request", titleZh: "样品申请", opensAt: new Date(at - DAY_MS), closesAt: new Date(at + 365 * DAY_MS) } },
    definitions: { create: { version: 1, definition: JSON.parse(JSON.stringify(sampleCallDefinition)) } },
  });
}

/** A shortlisted application to a sample round asking for these samples. */
export async function createSampleApplication(opportunityId: string, requests: { category: keyof typeof SAMPLE_POOLS; grams: number }[]) {
  const stage = await testPrisma().callStage.findFirstOrThrow({ where: { opportunityId }, select: { id: true } });
  const definition = await testPrisma().callDefinition.findFirstOrThrow({ where: { opportunityId }, select: { id: true } });
  const answers = {
    samples: { institution: "Test Institute of Planetary Science", requests: requests.map((r) => ({ ...r, purpose: "Isotope analysis" })) },
  };
  const start = Date.now() - 60_000;
  return testPrisma().application.create({
    data: {
      opportunityId,
      stageId: stage.id,
      definitionId: definition.id,
      reference: `TST-${randomBytes(5).toString("hex").toUpperCase()}`,
      status: "SHORTLISTED",
      email: uniqueEmail(),
      locale: "en",
      accessTokenHash: randomBytes(32).toString("hex"),
      answers: answers as Prisma.InputJsonValue,
      submittedAt: new Date(start + 1000),
      events: { create: ["DRAFT", "SUBMITTED", "UNDER_REVIEW", "SHORTLISTED"].map((status, i) => ({ status: status as "DRAFT", at: new Date(start + i * 1000) })) },
    },
  });
}
