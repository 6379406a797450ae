import type { NextRequest } from "next/server";
import { parseListQuery } from "@/lib/admin-list";
import { authorizeApi } from "@/server/authz";
import { listMissionsForStaff, missionListSpec } from "@/server/content/missions";
import { csvResponse } from "@/server/exports/csv";

// Every row the list's search and filters select, drafts included: downloading and reading content are both needed.
export async function GET(request: NextRequest) {
  for (const permission of ["exports.download", "content.read"] as const) {
    const { error } = await authorizeApi(permission);
    if (error) return error;
  }
  const { rows } = await listMissionsForStaff(parseListQuery(request.nextUrl.searchParams, missionListSpec), { all: true });
  return csvResponse("missions", [
    { header: "id", value: (row) => row.id },
    { header: "slug", value: (row) => row.slug },
    { header: "nameEn", value: (row) => row.nameEn },
    { header: "nameZh", value: (row) => row.nameZh },
    { header: "body", value: (row) => row.body },
    { header: "status", value: (row) => row.status },
    { header: "opportunities", value: (row) => row.opportunities },
    { header: "published", value: (row) => row.published },
    { header: "updatedAt", value: (row) => row.updatedAt },
  ], rows);
}
