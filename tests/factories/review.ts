import { randomBytes } from "node:crypto";
import type { ApplicationStatus, Carrier, Prisma } from "@/generated/prisma/client";
import { tianwen3Definition } from "@/lib/calls/tianwen-3";
import { createDatabaseFileStorage } from "@/server/storage/file-storage";
import { testPrisma } from "../support/database";
import { leadAnswers, payloadAnswers, pdfBytes, scienceAnswers, uniqueEmail } from "./application-answers";
import { createOpportunity, uniqueName } from "./index";

// Submitted applications written straight to the tables, for the review and decision tests: each gets its own
// reference and names, and, unless told otherwise, an offer of its own with the Tianwen-3 carriers' capacities
// (orbiter 15 kg, service module 5 kg), so that no test spends another's capacity. The offer takes applications as
// the practice call does: its own reference prefix and one stage open from a day ago to a year ahead.

export const OFFER_CAPACITIES = [
  { carrier: "ORBITER" as const, massKg: 15 },
  { carrier: "SERVICE_MODULE" as const, massKg: 5 },
];

const DAY_MS = 86_400_000;
// Each test file has a database of its own, so a count from one is a prefix no other offer in it has.
let offersMade = 0;

export function createPayloadOffer(capacities = OFFER_CAPACITIES) {
  const at = Date.now();
  return createOpportunity({
    kind: "PAYLOAD_OFFER",
    status: "OPEN",
    capacities,
    referencePrefix: `T${String(++offersMade).padStart(5, "0")}`,
    stages: {
      create: { position: 0, titleEn: "Expression of interest", titleZh: "意向申请", opensAt: new Date(at - DAY_MS), closesAt: new Date(at + 365 * DAY_MS) },
    },
    // The Tianwen-3 form, as the practice call asks it.
    definitions: { create: { version: 1, definition: JSON.parse(JSON.stringify(tianwen3Definition)) } },
  });
}

/** The statuses an application passes through to reach `status`, as its history would show them. */
const PATH: Record<ApplicationStatus, ApplicationStatus[]> = {
  DRAFT: ["DRAFT"],
  SUBMITTED: ["DRAFT", "SUBMITTED"],
  UNDER_REVIEW: ["DRAFT", "SUBMITTED", "UNDER_REVIEW"],
  SHORTLISTED: ["DRAFT", "SUBMITTED", "UNDER_REVIEW", "SHORTLISTED"],
  ACCEPTED: ["DRAFT", "SUBMITTED", "UNDER_REVIEW", "SHORTLISTED", "ACCEPTED"],
  DECLINED: ["DRAFT", "SUBMITTED", "UNDER_REVIEW", "DECLINED"],
  WITHDRAWN: ["DRAFT", "SUBMITTED", "WITHDRAWN"],
};

export interface ApplicationOptions {
  opportunityId?: string;
  status?: ApplicationStatus;
  carrier?: Carrier;
  massKg?: number;
  email?: string;
  locale?: "en" | "zh";
  leadInstitution?: string;
  leadCountry?: string | null;
  payloadName?: string;
  /** A technical description stored with the application. */
  withAttachment?: boolean;
  /** The version of the call's definition it answered; unset, it is read against the call's first. */
  definitionId?: string;
}

export async function createApplication(options: ApplicationOptions = {}) {
  const opportunityId = options.opportunityId ?? (await createPayloadOffer()).id;
  // The stage it answers: its call's first, as a draft started while that stage was open.
  const stage = await testPrisma().callStage.findFirst({ where: { opportunityId }, orderBy: { position: "asc" }, select: { id: true } });
  const status = options.status ?? "SUBMITTED";
  const carrier = options.carrier ?? "ORBITER";
  const massKg = options.massKg ?? 1.25;
  const leadInstitution = options.leadInstitution ?? uniqueName("Test University");
  const leadCountry = options.leadCountry === undefined ? "FR" : options.leadCountry;
  const payloadName = options.payloadName ?? uniqueName("Test Payload");
  const answers = {
    lead: leadAnswers({ institutionName: leadInstitution, country: leadCountry ?? undefined }),
    payload: payloadAnswers({ payloadName, carrier, massKg }),
    science: scienceAnswers(),
  };
  const start = Date.now() - 60_000;
  const app = await testPrisma().application.create({
    data: {
      opportunityId,
      stageId: stage?.id ?? null,
      definitionId: options.definitionId ?? null,
      reference: status === "DRAFT" ? null : `TST-${randomBytes(5).toString("hex").toUpperCase()}`,
      status,
      email: options.email ?? uniqueEmail(),
      locale: options.locale ?? "en",
      accessTokenHash: randomBytes(32).toString("hex"),
      answers: answers as Prisma.InputJsonValue,
      leadInstitution,
      leadCountry,
      payloadName,
      carrier,
      massKg,
      submittedAt: status === "DRAFT" ? null : new Date(start + 1000),
      events: { create: PATH[status].map((s, i) => ({ status: s, at: new Date(start + i * 1000) })) },
    },
  });
  if (options.withAttachment) {
    const storageKey = `test/${randomBytes(8).toString("hex")}`;
    const bytes = pdfBytes(2048);
    await createDatabaseFileStorage(testPrisma()).put(storageKey, bytes);
    const attachment = await testPrisma().attachment.create({
      data: { applicationId: app.id, kind: "TECHNICAL_DESCRIPTION", fileName: "technical description.pdf", sizeBytes: bytes.byteLength, sha256: "0".repeat(64), storageKey },
    });
    return { ...app, attachmentId: attachment.id, attachmentBytes: bytes };
  }
  return { ...app, attachmentId: undefined, attachmentBytes: undefined };
}

/** Scores on the Tianwen-3 rubric, in the order it lists its criteria (scientific value, feasibility, cooperation). */
export const tianwen3Scores = (...points: [number, number, number]): Record<string, number> =>
  Object.fromEntries(tianwen3Definition.rubric.criteria.map((c, i) => [c.key, points[i]!]));

/** A reviewer assignment, scored (criterion key → score) and conflicted as told. */
export function createAssignment(
  applicationId: string,
  reviewerId: string,
  options: { scores?: Record<string, number>; comment?: string; conflictReason?: string } = {},
) {
  return testPrisma().reviewAssignment.create({
    data: {
      applicationId,
      reviewerId,
      scores: options.scores,
      comment: options.scores ? (options.comment ?? "Scored by the factory.") : null,
      scoredAt: options.scores ? new Date() : null,
      conflictDeclaredAt: options.conflictReason ? new Date() : null,
      conflictReason: options.conflictReason ?? null,
    },
  });
}

export function prepareDecisionRow(applicationId: string, outcome: "ACCEPTED" | "DECLINED", preparedById: string, note?: string) {
  return testPrisma().preparedDecision.create({ data: { applicationId, outcome, preparedById, note: note ?? null } });
}

/** A decision notice held for release, as applying a batch leaves it. */
export function createHeldMail(applicationId: string, to = uniqueEmail()) {
  return testPrisma().outboxEmail.create({
    data: { heldForReview: true, applicationId, to, subject: "Decision on your application", text: "Your application has been decided." },
  });
}
