import type { PrismaClient } from "../src/generated/prisma/client";
import { tianwen3Definition } from "../src/lib/calls/tianwen-3";
import { ensureDefinition } from "./seed";

// A practice call for trying the whole application flow on a local portal: `npm run db:demo` (never in production)
// and the test databases open it. Every page that shows it says it is a demonstration, and it uses the Tianwen-3 form.
export const PRACTICE_CALL_SLUG = "practice-call";
export const PRACTICE_REFERENCE_PREFIX = "DEMO";
const DAY_MS = 86_400_000;

/** Opens the practice call (once): its one stage opened a day before `at` and closes a year after. */
export async function seedPracticeCall(prisma: PrismaClient, at = new Date()): Promise<void> {
  if (await prisma.opportunity.findUnique({ where: { slug: PRACTICE_CALL_SLUG }, select: { id: true } })) return;
  await createPracticeCall(prisma, at);
  await ensureDefinition(prisma, PRACTICE_CALL_SLUG, tianwen3Definition);
}

async function createPracticeCall(prisma: PrismaClient, at: Date): Promise<void> {
  const mission = await prisma.mission.findUniqueOrThrow({ where: { slug: "tianwen-3" }, select: { id: true } });
  await prisma.opportunity.create({
    data: {
      slug: PRACTICE_CALL_SLUG,
      missionId: mission.id,
      kind: "PAYLOAD_OFFER",
      status: "OPEN",
      titleEn: "Practice call (demonstration)",
      titleZh: "练习征集（演示）",
      demonstration: true,
      referencePrefix: PRACTICE_REFERENCE_PREFIX,
      timeZone: "Asia/Shanghai",
      stages: {
        create: {
          position: 0,
          titleEn: "Expression of interest",
          titleZh: "意向申请",
          opensAt: new Date(at.getTime() - DAY_MS),
          closesAt: new Date(at.getTime() + 365 * DAY_MS),
          entry: "ANYONE",
        },
      },
      facts: {
        create: [
          {
            position: 0,
            textEn: "A demonstration for trying the application flow with the Tianwen-3 form. Nothing submitted here is reviewed or kept as an application.",
            textZh: "用于以天问三号申请表体验申请流程的演示。在此提交的内容不会被评审，也不作为正式申请。",
          },
        ],
      },
    },
  });
}
