import type { NextRequest } from "next/server";
import { parseListQuery } from "@/lib/admin-list";
import { authorizeApi } from "@/server/authz";
import { listProjectsForStaff, projectListSpec } from "@/server/content/projects";
import { csvResponse } from "@/server/exports/csv";

// Every row the list's search and filters select, drafts included: downloading and reading content are both needed.
export async function GET(request: NextRequest) {
  for (const permission of ["exports.download", "content.read"] as const) {
    const { error } = await authorizeApi(permission);
    if (error) return error;
  }
  const { rows } = await listProjectsForStaff(parseListQuery(request.nextUrl.searchParams, await projectListSpec()), { all: true });
  return csvResponse("projects", [
    { header: "id", value: (row) => row.id },
    { header: "slug", value: (row) => row.slug },
    { header: "titleEn", value: (row) => row.titleEn },
    { header: "titleZh", value: (row) => row.titleZh },
    { header: "opportunity", value: (row) => row.opportunityTitleEn },
    { header: "position", value: (row) => row.position },
    { header: "kind", value: (row) => row.kind },
    { header: "partners", value: (row) => row.partners.map((p) => (p.role === "LEAD" ? `${p.nameEn} (lead)` : p.nameEn)).join("; ") },
    { header: "published", value: (row) => row.published },
    { header: "updatedAt", value: (row) => row.updatedAt },
  ], rows);
}
