import { randomBytes } from "node:crypto";
import type { ApplicationStatus } from "@/generated/prisma/client";
import { testPrisma } from "../support/database";
import { uniqueName } from "./index";

// Expressions of interest as the map and the dashboard count them: only status, country and offer matter here,
// but each carries a name and an email, so tests can check that neither is ever shown.

export async function createInterest({
  opportunityId,
  leadCountry,
  status = "SUBMITTED",
}: {
  opportunityId: string;
  leadCountry: string | null;
  status?: ApplicationStatus;
}) {
  return testPrisma().application.create({
    data: {
      opportunityId,
      status,
      reference: status === "DRAFT" ? null : `EXP-${randomBytes(5).toString("hex").toUpperCase()}`,
      email: `${randomBytes(4).toString("hex")}@applicant.test`,
      accessTokenHash: randomBytes(32).toString("hex"),
      leadInstitution: uniqueName("Private Test Institute"),
      leadCountry,
      payloadName: uniqueName("Private Test Payload"),
      submittedAt: status === "DRAFT" ? null : new Date(),
    },
  });
}
