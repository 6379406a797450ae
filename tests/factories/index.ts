import { randomBytes } from "node:crypto";
import type { AgreementStatus, Carrier, PartnerRole, Prisma } from "@/generated/prisma/client";
import { poolOfCarrier } from "@/lib/calls/pools";
import { slugify } from "@/lib/slug";
import { testPrisma } from "../support/database";

// Rows that belong to one test: every name carries a random suffix, so no test meets another's data.
// Each factory takes the columns a test cares about and fills in the rest.

export function uniqueName(prefix: string): string {
  return `${prefix} ${randomBytes(4).toString("hex")}`;
}

// A real country that no seeded institution has, so the published country pages stay as seeded.
export const FACTORY_COUNTRY = "NZ";

export function createInstitution(overrides: Partial<Prisma.InstitutionUncheckedCreateInput> = {}) {
  const nameEn = overrides.nameEn ?? uniqueName("Test Institute");
  return testPrisma().institution.create({
    data: { slug: slugify(nameEn), nameZh: null, type: "RESEARCH_INSTITUTE", countryCode: FACTORY_COUNTRY, ...overrides, nameEn },
  });
}

export function createMission(overrides: Partial<Prisma.MissionUncheckedCreateInput> = {}) {
  const nameEn = overrides.nameEn ?? uniqueName("Test Mission");
  return testPrisma().mission.create({
    data: { slug: slugify(nameEn), nameZh: "测试任务", body: "MOON", status: "PLANNED", ...overrides, nameEn },
  });
}

/** A carrier's capacity in kilograms, kept as the call's pool of the carrier's name. */
type CapacityInput = { carrier: Carrier; massKg: number; reservedKg?: number; maxPerPayloadKg?: number | null };
type PoolInput = Omit<Prisma.ResourcePoolCreateWithoutOpportunityInput, "id" | "updatedAt">;

/** An opportunity of a new mission unless missionId is given, with the carriers' capacities and other pools listed. */
export async function createOpportunity({
  capacities = [],
  pools = [],
  ...overrides
}: Partial<Omit<Prisma.OpportunityUncheckedCreateInput, "pools">> & { capacities?: CapacityInput[]; pools?: PoolInput[] } = {}) {
  const missionId = overrides.missionId ?? (await createMission()).id;
  const titleEn = overrides.titleEn ?? uniqueName("Test opportunity");
  return testPrisma().opportunity.create({
    data: {
      slug: slugify(titleEn),
      kind: "PAYLOAD_OFFER",
      status: "OPEN",
      titleZh: "测试机会",
      ...overrides,
      titleEn,
      missionId,
      pools: {
        create: [
          ...capacities.map((c) => ({ key: poolOfCarrier(c.carrier), capacity: c.massKg, reserved: c.reservedKg ?? 0, maxPerRequest: c.maxPerPayloadKg ?? null })),
          ...pools,
        ],
      },
    },
    include: { pools: true },
  });
}

/**
 * A cooperation project under a new payload selection unless opportunityId is given. Without partners
 * it gets two new institutions, a lead and a partner; partners keep the order given.
 */
export async function createProject({
  partners,
  ...overrides
}: Partial<Omit<Prisma.CooperationProjectUncheckedCreateInput, "partners">> & {
  partners?: { institutionId: string; role?: PartnerRole }[];
} = {}) {
  const opportunityId =
    overrides.opportunityId ?? (await createOpportunity({ kind: "PAYLOAD_SELECTION", status: "RESULTS_PUBLISHED" })).id;
  const partnerRows = partners ?? [
    { institutionId: (await createInstitution()).id, role: "LEAD" as const },
    { institutionId: (await createInstitution()).id, role: "PARTNER" as const },
  ];
  const titleEn = overrides.titleEn ?? uniqueName("Test project");
  return testPrisma().cooperationProject.create({
    data: {
      slug: slugify(titleEn),
      position: 0,
      titleZh: "测试项目",
      kind: "SCIENCE_INSTRUMENT",
      ...overrides,
      titleEn,
      opportunityId,
      partners: {
        create: partnerRows.map((p, position) => ({ institutionId: p.institutionId, role: p.role ?? "PARTNER", position })),
      },
    },
    include: { partners: { include: { institution: true }, orderBy: { position: "asc" } } },
  });
}

/** A sample-loan award to a new institution under a new sample-loan call unless their ids are given. */
export async function createAward({
  opportunityId,
  institutionId,
  agreement = { status: "UNCONFIRMED" },
}: {
  opportunityId?: string;
  institutionId?: string;
  agreement?: { status: AgreementStatus; signedOn?: Date; expiresOn?: Date } | null;
} = {}) {
  return testPrisma().sampleLoanAward.create({
    data: {
      opportunityId: opportunityId ?? (await createOpportunity({ kind: "SAMPLE_LOAN", status: "RESULTS_PUBLISHED" })).id,
      institutionId: institutionId ?? (await createInstitution()).id,
      agreement: agreement ? { create: agreement } : undefined,
    },
    include: { agreement: true, institution: true, opportunity: true },
  });
}

/** A source document with a unique reference, cited by nothing unless linked. */
export function createSource(overrides: Partial<Prisma.SourceUncheckedCreateInput> = {}) {
  return testPrisma().source.create({ data: { reference: uniqueName("Test reference"), label: "Test source", url: null, ...overrides } });
}

/** An obligation of a loan agreement, due a year from now unless told otherwise. */
export function createObligation(agreementId: string, overrides: Partial<Omit<Prisma.AgreementObligationUncheckedCreateInput, "agreementId">> = {}) {
  const nextYear = new Date(`${new Date().getUTCFullYear() + 1}-01-15T00:00:00Z`);
  return testPrisma().agreementObligation.create({ data: { kind: "ANNUAL_REPORT", dueOn: nextYear, ...overrides, agreementId } });
}

/** A published result figure of an opportunity. */
export function createFigure(opportunityId: string, overrides: Partial<Omit<Prisma.OpportunityFigureUncheckedCreateInput, "opportunityId">> = {}) {
  return testPrisma().opportunityFigure.create({ data: { key: "APPLICATIONS_RECEIVED", value: 12, ...overrides, opportunityId } });
}
