import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import type { OpportunitySummary } from "@/lib/validation/public-data";
import { visibleOpportunity } from "./mappers";
import { listOpportunities } from "./opportunities";

// A practice call is for trying the application flow and is no part of the agency's record: the feed, the
// calendar, the timeline and the open data leave it out, with everything shown through it.

export const realOpportunity = { ...visibleOpportunity, demonstration: false } satisfies Prisma.OpportunityWhereInput;

/** The published calls that are real, as they stand now. */
export async function listRealCalls(): Promise<OpportunitySummary[]> {
  return (await listOpportunities()).filter((o) => !o.demonstration);
}
