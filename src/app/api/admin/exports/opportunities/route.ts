import type { NextRequest } from "next/server";
import { parseListQuery } from "@/lib/admin-list";
import { authorizeApi } from "@/server/authz";
import { listOpportunitiesForStaff, opportunityListSpec } from "@/server/content/opportunities";
import { csvResponse } from "@/server/exports/csv";

// Every row the list's search and filters select, drafts included: downloading and reading content are both needed.
export async function GET(request: NextRequest) {
  for (const permission of ["exports.download", "content.read"] as const) {
    const { error } = await authorizeApi(permission);
    if (error) return error;
  }
  const { rows } = await listOpportunitiesForStaff(parseListQuery(request.nextUrl.searchParams, opportunityListSpec), { all: true });
  return csvResponse("opportunities", [
    { header: "id", value: (row) => row.id },
    { header: "slug", value: (row) => row.slug },
    { header: "titleEn", value: (row) => row.titleEn },
    { header: "titleZh", value: (row) => row.titleZh },
    { header: "mission", value: (row) => row.missionNameEn },
    { header: "kind", value: (row) => row.kind },
    { header: "status", value: (row) => row.status },
    { header: "opensOn", value: (row) => row.opensOn },
    { header: "closesOn", value: (row) => row.closesOn },
    { header: "published", value: (row) => row.published },
    { header: "updatedAt", value: (row) => row.updatedAt },
  ], rows);
}
