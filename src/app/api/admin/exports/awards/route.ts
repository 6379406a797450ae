import type { NextRequest } from "next/server";
import { parseListQuery } from "@/lib/admin-list";
import { authorizeApi } from "@/server/authz";
import { awardListSpec, listAwardsForStaff } from "@/server/content/awards";
import { csvResponse } from "@/server/exports/csv";

// Every row the list's search and filters select, drafts included: downloading and reading content are both needed.
export async function GET(request: NextRequest) {
  for (const permission of ["exports.download", "content.read"] as const) {
    const { error } = await authorizeApi(permission);
    if (error) return error;
  }
  const { rows } = await listAwardsForStaff(parseListQuery(request.nextUrl.searchParams, await awardListSpec()), { all: true });
  return csvResponse("awards", [
    { header: "id", value: (row) => row.id },
    { header: "institutionEn", value: (row) => row.institutionNameEn },
    { header: "institutionZh", value: (row) => row.institutionNameZh },
    { header: "countryCode", value: (row) => row.countryCode },
    { header: "opportunity", value: (row) => row.opportunityTitleEn },
    { header: "agreementStatus", value: (row) => row.agreementStatus },
    { header: "published", value: (row) => row.published },
    { header: "updatedAt", value: (row) => row.updatedAt },
  ], rows);
}
