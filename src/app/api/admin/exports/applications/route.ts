import type { NextRequest } from "next/server";
import { parseListQuery } from "@/lib/admin-list";
import { applicationListSpec } from "@/lib/validation/admin/review";
import { authorizeApi } from "@/server/authz";
import { csvResponse } from "@/server/exports/csv";
import { exportApplications } from "@/server/review/queries";

// Exactly the applications the inbox's filters select, every page of them; never an access token or its hash.
export async function GET(request: NextRequest) {
  let staff;
  for (const permission of ["exports.download", "applications.read"] as const) {
    const authorized = await authorizeApi(permission);
    if (authorized.error) return authorized.error;
    staff = authorized.staff;
  }
  const rows = await exportApplications(staff!, parseListQuery(request.nextUrl.searchParams, applicationListSpec));
  return csvResponse("applications", [
    { header: "reference", value: (row) => row.reference },
    { header: "status", value: (row) => row.status },
    { header: "submittedAt", value: (row) => row.submittedAt },
    { header: "leadInstitution", value: (row) => row.leadInstitution },
    { header: "leadCountry", value: (row) => row.leadCountry },
    { header: "payloadName", value: (row) => row.payloadName },
    { header: "carrier", value: (row) => row.carrier },
    { header: "massKg", value: (row) => row.massKg },
    { header: "email", value: (row) => row.email },
    { header: "averageScore", value: (row) => (row.averageScore === null ? null : row.averageScore.toFixed(2)) },
    { header: "scoredReviews", value: (row) => row.scoredCount },
  ], rows);
}
