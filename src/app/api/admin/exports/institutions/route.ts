import type { NextRequest } from "next/server";
import { parseListQuery } from "@/lib/admin-list";
import { authorizeApi } from "@/server/authz";
import { institutionListSpec, listInstitutionsForStaff } from "@/server/content/institutions";
import { csvResponse } from "@/server/exports/csv";

// Every row the list's search and filters select, drafts included: downloading and reading content are both needed.
export async function GET(request: NextRequest) {
  for (const permission of ["exports.download", "content.read"] as const) {
    const { error } = await authorizeApi(permission);
    if (error) return error;
  }
  const { rows } = await listInstitutionsForStaff(parseListQuery(request.nextUrl.searchParams, await institutionListSpec()), { all: true });
  return csvResponse("institutions", [
    { header: "id", value: (row) => row.id },
    { header: "slug", value: (row) => row.slug },
    { header: "nameEn", value: (row) => row.nameEn },
    { header: "nameZh", value: (row) => row.nameZh },
    { header: "type", value: (row) => row.type },
    { header: "countryCode", value: (row) => row.countryCode },
    { header: "awards", value: (row) => row.awards },
    { header: "projects", value: (row) => row.projects },
    { header: "published", value: (row) => row.published },
    { header: "updatedAt", value: (row) => row.updatedAt },
  ], rows);
}
