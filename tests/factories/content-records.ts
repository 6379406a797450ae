import { getSourceForStaff } from "@/server/content/sources";
import { testPrisma } from "../support/database";
import { createAward, createFigure, createInstitution, createMission, createObligation, createOpportunity, createProject, createSource } from "./index";

// One of every record the staff panel's content forms edit, in states that make each refusal reachable: a mission
// with opportunities (in use), a source cited by it and one cited by nothing, an offer whose capacity is partly
// reserved and with a published figure, a payload selection with projects, an award with an agreement and its
// obligation, an award without one; a second of each kind whose slug or reference is taken, and an institution
// free to take.

/** A record as the forms carry it: its id and the version it was read at. */
export interface RecordRef {
  id: string;
  version: string;
}

interface Made {
  /** Records the forms edit, whose versions change when they are saved. */
  edited: Record<"mission" | "offer" | "selection" | "institution" | "project" | "award" | "agreement" | "obligation", string>;
  sources: Record<"source" | "citedSource", string>;
  others: Record<"otherMission" | "otherOffer" | "otherInstitution" | "otherProject" | "spareInstitution" | "loans" | "figure", string>;
  slugs: Record<"otherMission" | "otherOffer" | "otherInstitution" | "otherProject", string>;
}

export async function createContentRecords() {
  const citedSource = await createSource();
  const mission = await createMission({ sources: { connect: [{ id: citedSource.id }] } });
  const otherMission = await createMission();
  const offer = await createOpportunity({ missionId: mission.id, capacities: [{ carrier: "ORBITER", massKg: 15, reservedKg: 5 }] });
  const otherOffer = await createOpportunity({ missionId: otherMission.id });
  const figure = await createFigure(offer.id);
  const selection = await createOpportunity({ kind: "PAYLOAD_SELECTION", status: "RESULTS_PUBLISHED" });
  const institution = await createInstitution();
  const otherInstitution = await createInstitution();
  const spareInstitution = await createInstitution();
  const project = await createProject({ opportunityId: selection.id, partners: [{ institutionId: institution.id, role: "LEAD" }] });
  const otherProject = await createProject({ opportunityId: selection.id, partners: [{ institutionId: otherInstitution.id, role: "LEAD" }] });
  const loans = await createOpportunity({ kind: "SAMPLE_LOAN", status: "RESULTS_PUBLISHED" });
  const award = await createAward({ opportunityId: loans.id, institutionId: institution.id, agreement: { status: "SIGNED", signedOn: new Date("2025-01-01T00:00:00Z") } });
  await createAward({ opportunityId: loans.id, institutionId: otherInstitution.id, agreement: null });
  const obligation = await createObligation(award.agreement!.id);
  const source = await createSource();
  return readContentRecords({
    edited: {
      mission: mission.id,
      offer: offer.id,
      selection: selection.id,
      institution: institution.id,
      project: project.id,
      award: award.id,
      agreement: award.agreement!.id,
      obligation: obligation.id,
    },
    sources: { source: source.id, citedSource: citedSource.id },
    others: {
      otherMission: otherMission.id,
      otherOffer: otherOffer.id,
      otherInstitution: otherInstitution.id,
      otherProject: otherProject.id,
      spareInstitution: spareInstitution.id,
      loans: loans.id,
      figure: figure.id,
    },
    slugs: { otherMission: otherMission.slug, otherOffer: otherOffer.slug, otherInstitution: otherInstitution.slug, otherProject: otherProject.slug },
  });
}

/** The records with the versions they are at now, as a form opened now would carry them. */
async function readContentRecords(made: Made) {
  const db = testPrisma();
  // A record a test deleted on purpose keeps its id, with a version no form can carry.
  const versioned = (row: { id: string; updatedAt: Date } | null, id = ""): RecordRef => (row ? { id: row.id, version: row.updatedAt.toISOString() } : { id, version: "deleted" });
  const source = async (id: string) => {
    const row = await getSourceForStaff(id);
    return { id, version: row?.version ?? "deleted", reference: row?.reference ?? "" };
  };
  const { edited: e, others: o, slugs } = made;
  return {
    made,
    mission: versioned(await db.mission.findUnique({ where: { id: e.mission } }), e.mission),
    offer: { ...versioned(await db.opportunity.findUnique({ where: { id: e.offer } }), e.offer), figureId: o.figure },
    selection: versioned(await db.opportunity.findUnique({ where: { id: e.selection } }), e.selection),
    institution: versioned(await db.institution.findUnique({ where: { id: e.institution } }), e.institution),
    project: versioned(await db.cooperationProject.findUnique({ where: { id: e.project } }), e.project),
    award: versioned(await db.sampleLoanAward.findUnique({ where: { id: e.award } }), e.award),
    agreement: versioned(await db.loanAgreement.findUnique({ where: { id: e.agreement } }), e.agreement),
    obligation: versioned(await db.agreementObligation.findUnique({ where: { id: e.obligation } }), e.obligation),
    source: await source(made.sources.source),
    citedSource: await source(made.sources.citedSource),
    otherMission: { id: o.otherMission, slug: slugs.otherMission },
    otherOffer: { id: o.otherOffer, slug: slugs.otherOffer },
    otherInstitution: { id: o.otherInstitution, slug: slugs.otherInstitution },
    otherProject: { id: o.otherProject, slug: slugs.otherProject },
    spareInstitution: { id: o.spareInstitution },
    loans: { id: o.loans },
  };
}

export type ContentRecords = Awaited<ReturnType<typeof createContentRecords>>;

/** The same records re-read, after writes a test made on purpose. */
export const refreshContentRecords = (records: ContentRecords) => readContentRecords(records.made);
