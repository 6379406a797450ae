import type { NextRequest } from "next/server";
import { parseListQuery } from "@/lib/admin-list";
import { applicationListSpec } from "@/lib/validation/admin/review";
import { authorizeApi } from "@/server/authz";
import { answerColumns, exportAnswers } from "@/server/exports/application-answers";
import { csvResponse } from "@/server/exports/csv";
import { exportApplications } from "@/server/review/queries";

// Exactly the applications the inbox's filters select, every page of them; never an access token or its hash. Each
// application's answers follow, read against the version of its call's form that it answered.
export async function GET(request: NextRequest) {
  let staff;
  for (const permission of ["exports.download", "applications.read"] as const) {
    const authorized = await authorizeApi(permission);
    if (authorized.error) return authorized.error;
    staff = authorized.staff;
  }
  const rows = await exportApplications(staff!, parseListQuery(request.nextUrl.searchParams, applicationListSpec));
  const answers = await exportAnswers(rows.map((row) => row.id));
  return csvResponse(
    "applications",
    [
      { header: "reference", value: (row) => row.reference },
      { header: "status", value: (row) => row.status },
      { header: "submittedAt", value: (row) => row.submittedAt },
      { header: "email", value: (row) => row.email },
      { header: "averageScore", value: (row) => (row.averageScore === null ? null : row.averageScore.toFixed(2)) },
      { header: "scoredReviews", value: (row) => row.scoredCount },
      ...answerColumns(answers),
    ],
    rows,
  );
}
