import type { NextRequest } from "next/server";
import { parseListQuery } from "@/lib/admin-list";
import { authorizeApi } from "@/server/authz";
import { listSourcesForStaff, sourceListSpec } from "@/server/content/sources";
import { csvResponse } from "@/server/exports/csv";

// Every row the list's search and filters select: downloading and reading content are both needed.
export async function GET(request: NextRequest) {
  for (const permission of ["exports.download", "content.read"] as const) {
    const { error } = await authorizeApi(permission);
    if (error) return error;
  }
  const { rows } = await listSourcesForStaff(parseListQuery(request.nextUrl.searchParams, sourceListSpec), { all: true });
  return csvResponse("sources", [
    { header: "id", value: (row) => row.id },
    { header: "reference", value: (row) => row.reference },
    { header: "label", value: (row) => row.label },
    { header: "url", value: (row) => row.url },
    { header: "missions", value: (row) => row.missions },
    { header: "opportunities", value: (row) => row.opportunities },
    { header: "createdAt", value: (row) => row.createdAt },
  ], rows);
}
