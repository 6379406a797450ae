import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import type { PrismaClient } from "../src/generated/prisma/client";
import {
  DatePrecision,
  FigureKey,
  InstitutionType,
  MissionStatus,
  OpportunityKind,
  OpportunityStatus,
  ProjectKind,
  StageEntry,
  TargetBody,
} from "../src/generated/prisma/enums";
import { tianwen3Definition } from "../src/lib/calls/tianwen-3";
import { changE5SamplesDefinition } from "../src/lib/calls/chang-e-5-samples";
import type { CallDefinitionInput } from "../src/lib/calls/definition";
import { slugify } from "../src/lib/slug";

// Seeds the published facts. Idempotent: existing rows are left as staff may have edited them.
// From the project root (the working directory of every npm script), so that the bundle in dist/ finds it too.
const dataDir = path.resolve(process.cwd(), "prisma", "data");
const bilingual = z.object({ en: z.string(), zh: z.string() });

const factsSchema = z.object({
  missions: z.array(
    z.object({
      slug: z.string(),
      name: bilingual,
      body: z.enum(["Moon", "Mars"]),
      status: z.enum(["planned", "in-progress", "completed"]),
      launch: z.string().optional(),
      landingSite: bilingual.optional(),
      facts: z.array(z.string()),
      sources: z.array(z.string()),
    }),
  ),
  opportunities: z.array(
    z.object({
      slug: z.string(),
      mission: z.string(),
      kind: z.enum(["sample-loan", "payload-selection", "payload-offer"]),
      status: z.enum(["open", "closed", "results-published"]),
      facts: z.array(z.string()).default([]),
      awardees: z.array(z.object({ institution: bilingual, country: z.string().length(2) })).default([]),
      projects: z
        .array(
          z.object({
            title: bilingual,
            partners: z.array(
              z.object({ en: z.string(), country: z.string().length(2).nullable(), international: z.boolean().optional() }),
            ),
          }),
        )
        .default([]),
      capacity: z.array(z.object({ carrier: z.enum(["orbiter", "service-module", "lander"]), massKg: z.number() })).default([]),
      sources: z.array(z.string()),
      firstRound: z
        .object({
          opened: z.string().optional(),
          announced: z.string().optional(),
          closesAt: z.string().optional(),
          contact: z.string().optional(),
          schedule: z.array(z.object({ step: z.string(), date: z.string() })).optional(),
          sources: z.array(z.string()),
        })
        .optional(),
    }),
  ),
  laterCalls: z
    .array(
      z.object({
        slug: z.string(),
        mission: z.string(),
        kind: z.enum(["sample-loan", "payload-participation"]),
        facts: z.array(z.string()),
        sources: z.array(z.string()),
        unknown: z.string(),
      }),
    )
    .default([]),
});

const editorialSchema = z.object({
  opportunityTitles: z.record(z.string(), bilingual),
  launchWindowsZh: z.record(z.string(), z.string()),
  factsZh: z.record(z.string(), z.string()),
  institutionTypes: z.record(z.string(), z.enum(InstitutionType)),
  projectKinds: z.record(z.string(), z.enum(ProjectKind)),
  opportunityDates: z.record(
    z.string(),
    z.object({
      opens: z.tuple([z.iso.date(), z.enum(DatePrecision)]).optional(),
      closes: z.tuple([z.iso.date(), z.enum(DatePrecision)]).optional(),
    }),
  ),
  figures: z.record(
    z.string(),
    z.array(z.union([z.tuple([z.enum(FigureKey), z.number()]), z.tuple([z.enum(FigureKey), z.number(), z.number()])])),
  ),
  capacities: z.record(
    z.string(),
    z.array(z.object({ carrier: z.enum(["orbiter", "service-module", "lander"]), massKg: z.number(), maxPerPayloadKg: z.number().optional() })),
  ),
  // Dated events for the public timeline; call windows come from the opportunities' own dates.
  milestones: z
    .array(
      z.object({
        slug: z.string(),
        mission: z.string().optional(),
        opportunity: z.string().optional(),
        label: bilingual,
        date: z.iso.date(),
        precision: z.enum(DatePrecision),
        approximate: z.boolean().default(false),
        source: z.string(),
      }),
    )
    .default([]),
});

export type CooperationFacts = z.infer<typeof factsSchema>;

export function loadSeedData() {
  const read = (file: string) => JSON.parse(readFileSync(path.join(dataDir, file), "utf8"));
  return {
    facts: factsSchema.parse(read("cooperation-facts.json")),
    editorial: editorialSchema.parse(read("editorial.json")),
  };
}

const bodyOf = { Moon: TargetBody.MOON, Mars: TargetBody.MARS } as const;
const missionStatusOf = {
  planned: MissionStatus.PLANNED,
  "in-progress": MissionStatus.IN_PROGRESS,
  completed: MissionStatus.COMPLETED,
} as const;
const kindOf = {
  "sample-loan": OpportunityKind.SAMPLE_LOAN,
  "payload-selection": OpportunityKind.PAYLOAD_SELECTION,
  "payload-offer": OpportunityKind.PAYLOAD_OFFER,
  "payload-participation": OpportunityKind.PAYLOAD_PARTICIPATION,
} as const;
const opportunityStatusOf = {
  open: OpportunityStatus.OPEN,
  closed: OpportunityStatus.CLOSED,
  "results-published": OpportunityStatus.RESULTS_PUBLISHED,
} as const;

/** A source is a public address, optionally followed by what it is in brackets, or a named announcement. */
export function sourceLabel(reference: string): { url: string | null; label: string } {
  const address = /^(https?:\/\/\S+)(?:\s+\((.+)\))?$/.exec(reference);
  if (!address) return { url: null, label: reference };
  const host = new URL(address[1]!).hostname.replace(/^www\./, "");
  return { url: address[1]!, label: address[2] ? `${host}: ${address[2]}` : host };
}

/**
 * The stages the announcements give, as instants: a date alone is the end of that day in Beijing time, and a month
 * alone the start of that month. Nothing is made up: a stage the sources give no closing for has none.
 */
const BEIJING_OFFSET_MS = 8 * 3600_000;
const startOfDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) - BEIJING_OFFSET_MS);
const endOfDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000 - BEIJING_OFFSET_MS);

type SeedStage = {
  titleEn: string;
  titleZh: string;
  opensAt: Date | null;
  opensPrecision: DatePrecision | null;
  closesAt: Date | null;
  closesPrecision: DatePrecision | null;
  entry: StageEntry;
};

export function seedStages(o: CooperationFacts["opportunities"][number]): SeedStage[] {
  const round = o.firstRound;
  if (!round) return [];
  if (round.schedule) {
    const due = (step: string) => round.schedule!.find((s) => s.step === step)?.date;
    const intent = due("Letter of intent due");
    const proposal = due("Full proposal due");
    // "2025-03-11 (Announcement of Opportunities ...)": the call opened with its announcement.
    const announced = /^\d{4}-\d{2}-\d{2}/.exec(round.announced ?? "")?.[0];
    return [
      {
        titleEn: "Letter of intent",
        titleZh: "意向书",
        opensAt: announced ? startOfDay(announced) : null,
        opensPrecision: announced ? DatePrecision.DAY : null,
        closesAt: intent ? endOfDay(intent) : null,
        closesPrecision: intent ? DatePrecision.DAY : null,
        entry: StageEntry.ANYONE,
      },
      {
        titleEn: "Full proposal",
        titleZh: "正式方案",
        opensAt: null,
        opensPrecision: null,
        closesAt: proposal ? endOfDay(proposal) : null,
        closesPrecision: proposal ? DatePrecision.DAY : null,
        entry: StageEntry.INVITED,
      },
    ];
  }
  // "2023-12-22T24:00+08:00 (24:00 Beijing time, 22 December 2023)": an exact instant.
  const closes = round.closesAt ? /^(\d{4}-\d{2}-\d{2})T24:00\+08:00/.exec(round.closesAt) : null;
  return [
    {
      titleEn: "Application",
      titleZh: "申请",
      opensAt: round.opened ? startOfDay(`${round.opened}-01`) : null,
      opensPrecision: round.opened ? DatePrecision.MONTH : null,
      closesAt: closes ? endOfDay(closes[1]!) : null,
      closesPrecision: null,
      entry: StageEntry.ANYONE,
    },
  ];
}

/** The call's contact address, where the sources give one ("clep@cnsa.gov.cn, Lunar Exploration ..."). */
const contactOf = (o: CooperationFacts["opportunities"][number]) => /^[^\s,]+@[^\s,]+/.exec(o.firstRound?.contact ?? "")?.[0] ?? null;

export async function seedDatabase(prisma: PrismaClient): Promise<void> {
  const { facts, editorial } = loadSeedData();
  const zhFact = (text: string) => editorial.factsZh[text] ?? null;

  const allSources = new Set([
    ...[...facts.missions, ...facts.opportunities, ...facts.laterCalls].flatMap((r) => r.sources),
    ...facts.opportunities.flatMap((o) => o.firstRound?.sources ?? []),
  ]);
  for (const reference of allSources) {
    await prisma.source.upsert({ where: { reference }, update: {}, create: { reference, ...sourceLabel(reference) } });
  }
  const connectSources = (refs: string[]) => ({ connect: refs.map((reference) => ({ reference })) });

  for (const m of facts.missions) {
    await prisma.mission.upsert({
      where: { slug: m.slug },
      update: {},
      create: {
        slug: m.slug,
        nameEn: m.name.en,
        nameZh: m.name.zh,
        body: bodyOf[m.body],
        status: missionStatusOf[m.status],
        launchWindowEn: m.launch ?? null,
        launchWindowZh: m.launch ? (editorial.launchWindowsZh[m.launch] ?? null) : null,
        landingSiteEn: m.landingSite?.en ?? null,
        landingSiteZh: m.landingSite?.zh ?? null,
        sources: connectSources(m.sources),
        facts: { create: m.facts.map((textEn, position) => ({ position, textEn, textZh: zhFact(textEn) })) },
      },
    });
  }

  const institutionIds = new Map<string, string>();
  const upsertInstitution = async (nameEn: string, nameZh: string | null, countryCode: string | null) => {
    const type = editorial.institutionTypes[nameEn];
    if (!type) throw new Error(`editorial.json gives no type for ${nameEn}`);
    const row = await prisma.institution.upsert({
      where: { slug: slugify(nameEn) },
      update: {},
      create: {
        slug: slugify(nameEn),
        nameEn,
        nameZh,
        type,
        countryCode: type === InstitutionType.INTERNATIONAL_ORGANISATION ? null : countryCode,
      },
    });
    institutionIds.set(nameEn, row.id);
    return row.id;
  };

  for (const o of facts.opportunities) {
    const title = editorial.opportunityTitles[o.slug];
    if (!title) throw new Error(`editorial.json gives no title for ${o.slug}`);
    const dates = editorial.opportunityDates[o.slug];
    const mission = await prisma.mission.findUniqueOrThrow({ where: { slug: o.mission } });
    const opportunity = await prisma.opportunity.upsert({
      where: { slug: o.slug },
      update: {},
      create: {
        slug: o.slug,
        missionId: mission.id,
        kind: kindOf[o.kind],
        status: opportunityStatusOf[o.status],
        titleEn: title.en,
        titleZh: title.zh,
        opensOn: dates?.opens ? new Date(dates.opens[0]) : null,
        opensPrecision: dates?.opens?.[1] ?? null,
        closesOn: dates?.closes ? new Date(dates.closes[0]) : null,
        closesPrecision: dates?.closes?.[1] ?? null,
        timeZone: "Asia/Shanghai",
        contactEmail: contactOf(o),
        // The one call whose applications this portal has taken since its first version.
        referencePrefix: o.kind === "payload-offer" ? "TW3" : null,
        stages: { create: seedStages(o).map((stage, position) => ({ ...stage, position })) },
        sources: connectSources([...o.sources, ...(o.firstRound?.sources ?? [])]),
        facts: { create: o.facts.map((textEn, position) => ({ position, textEn, textZh: zhFact(textEn) })) },
        figures: {
          create: (editorial.figures[o.slug] ?? []).map(([key, value, outOf]) => ({ key, value, outOf: outOf ?? null })),
        },
      },
    });

    const capacities = [
      ...o.capacity.map((c) => ({ ...c, maxPerPayloadKg: undefined })),
      ...(editorial.capacities[o.slug] ?? []),
    ];
    for (const c of capacities) {
      // A carrier is its call's pool of the same name ("service-module"), in kilograms.
      await prisma.resourcePool.upsert({
        where: { opportunityId_key: { opportunityId: opportunity.id, key: c.carrier } },
        update: {},
        create: { opportunityId: opportunity.id, key: c.carrier, capacity: c.massKg, maxPerRequest: c.maxPerPayloadKg ?? null },
      });
    }

    for (const a of o.awardees) {
      const institutionId = await upsertInstitution(a.institution.en, a.institution.zh, a.country);
      const existing = await prisma.sampleLoanAward.findUnique({
        where: { opportunityId_institutionId: { opportunityId: opportunity.id, institutionId } },
      });
      if (!existing) {
        // The sources say 5 of 7 signed but not which: every agreement starts unconfirmed.
        await prisma.sampleLoanAward.create({
          data: { opportunityId: opportunity.id, institutionId, agreement: { create: { status: "UNCONFIRMED" } } },
        });
      }
    }

    for (const [position, p] of o.projects.entries()) {
      const kind = editorial.projectKinds[p.title.en];
      if (!kind) throw new Error(`editorial.json gives no kind for ${p.title.en}`);
      const partnerIds = [];
      for (const partner of p.partners) {
        partnerIds.push(institutionIds.get(partner.en) ?? (await upsertInstitution(partner.en, null, partner.country)));
      }
      await prisma.cooperationProject.upsert({
        where: { slug: slugify(p.title.en) },
        update: {},
        create: {
          slug: slugify(p.title.en),
          opportunityId: opportunity.id,
          position,
          titleEn: p.title.en,
          titleZh: p.title.zh,
          kind,
          partners: {
            create: partnerIds.map((institutionId, i) => ({ institutionId, role: "PARTNER", position: i })),
          },
        },
      });
    }
  }

  // The form the Tianwen-3 offer has asked since the portal opened, as data.
  await ensureDefinition(prisma, "tianwen-3-payload-offer", tianwen3Definition);

  // Calls announced since: drafts for staff to complete, never shown until they publish them. A record the sources
  // give as background only (no call confirmed) is not seeded as a call. A call with a form seeded here gets a stage
  // for each of the form's stages, with no dates: the sources give none, so staff set them.
  for (const c of facts.laterCalls) {
    const mission = await prisma.mission.findUnique({ where: { slug: c.mission } });
    const title = editorial.opportunityTitles[c.slug];
    if (!mission || !title) continue;
    await prisma.opportunity.upsert({
      where: { slug: c.slug },
      update: {},
      create: {
        slug: c.slug,
        published: false,
        missionId: mission.id,
        kind: kindOf[c.kind],
        status: OpportunityStatus.OPEN,
        titleEn: title.en,
        titleZh: title.zh,
        timeZone: "Asia/Shanghai",
        sources: connectSources(c.sources),
        facts: { create: c.facts.map((textEn, position) => ({ position, textEn, textZh: zhFact(textEn) })) },
        stages: { create: (LATER_CALL_STAGES[c.slug] ?? []).map((stage, position) => ({ ...stage, position })) },
      },
    });
    const form = LATER_CALL_FORMS[c.slug];
    if (form) await ensureDefinition(prisma, c.slug, form);
  }

  for (const m of editorial.milestones) {
    const missionId = m.mission ? (await prisma.mission.findUniqueOrThrow({ where: { slug: m.mission } })).id : null;
    const opportunityId = m.opportunity ? (await prisma.opportunity.findUniqueOrThrow({ where: { slug: m.opportunity } })).id : null;
    await prisma.milestone.upsert({
      where: { slug: m.slug },
      update: {},
      create: {
        slug: m.slug,
        missionId,
        opportunityId,
        labelEn: m.label.en,
        labelZh: m.label.zh,
        date: new Date(m.date),
        precision: m.precision,
        approximate: m.approximate,
        sourceRef: m.source,
      },
    });
  }
}

/** The forms of the later calls that the portal seeds one for: the second Chang'e-5 round asks for samples. */
const LATER_CALL_FORMS: Record<string, CallDefinitionInput> = { "chang-e-5-sample-loans-round-2": changE5SamplesDefinition };
const LATER_CALL_STAGES: Record<string, { titleEn: string; titleZh: string }[]> = {
  "chang-e-5-sample-loans-round-2": [{ titleEn: "Sample request", titleZh: "样品申请" }],
};

/**
 * Gives a call the first version of its form, and a row for each pool it declares, unless it has them (staff may
 * have changed them since).
 */
export async function ensureDefinition(prisma: PrismaClient, slug: string, definition: CallDefinitionInput): Promise<void> {
  const call = await prisma.opportunity.findUnique({ where: { slug }, select: { id: true, definitions: { select: { id: true }, take: 1 } } });
  if (!call || call.definitions.length > 0) return;
  await prisma.callDefinition.create({ data: { opportunityId: call.id, version: 1, definition: JSON.parse(JSON.stringify(definition)) } });
  for (const pool of definition.pools ?? []) {
    await prisma.resourcePool.upsert({
      where: { opportunityId_key: { opportunityId: call.id, key: pool.key } },
      update: {},
      create: { opportunityId: call.id, key: pool.key, capacity: pool.capacity, maxPerRequest: pool.maxPerRequest ?? null },
    });
  }
}
