import type { NextRequest } from "next/server";
import { parseListQuery } from "@/lib/admin-list";
import { authorizeApi } from "@/server/authz";
import { agreementListSpec, listAgreementsForStaff } from "@/server/content/agreements";
import { csvResponse } from "@/server/exports/csv";

// Every row the list's search and filters select: downloading and reading content are both needed.
export async function GET(request: NextRequest) {
  for (const permission of ["exports.download", "content.read"] as const) {
    const { error } = await authorizeApi(permission);
    if (error) return error;
  }
  const { rows } = await listAgreementsForStaff(parseListQuery(request.nextUrl.searchParams, agreementListSpec), { all: true });
  return csvResponse("agreements", [
    { header: "id", value: (row) => row.id },
    { header: "institutionEn", value: (row) => row.institutionNameEn },
    { header: "institutionZh", value: (row) => row.institutionNameZh },
    { header: "opportunity", value: (row) => row.opportunityTitleEn },
    { header: "status", value: (row) => row.status },
    { header: "signedOn", value: (row) => row.signedOn },
    { header: "expiresOn", value: (row) => row.expiresOn },
    { header: "openObligations", value: (row) => row.openObligations },
    { header: "overdueObligations", value: (row) => row.overdueObligations },
    { header: "updatedAt", value: (row) => row.updatedAt },
  ], rows);
}
