import type { NextRequest } from "next/server";
import { parseListQuery } from "@/lib/admin-list";
import { staffListSpec } from "@/lib/validation/admin/staff";
import { authorizeApi } from "@/server/authz";
import { csvResponse } from "@/server/exports/csv";
import { staffForExport } from "@/server/staff/list";

// No password hash, TOTP secret or session version: only what the list page shows.
export async function GET(request: NextRequest) {
  for (const permission of ["exports.download", "staff.manage"] as const) {
    const { error } = await authorizeApi(permission);
    if (error) return error;
  }
  const rows = await staffForExport(parseListQuery(request.nextUrl.searchParams, staffListSpec));
  return csvResponse("staff", [
    { header: "email", value: (row) => row.email },
    { header: "name", value: (row) => row.name },
    { header: "role", value: (row) => row.role },
    { header: "status", value: (row) => row.status },
    { header: "twoStepVerification", value: (row) => (row.totpEnabled ? "on" : "off") },
    { header: "lastSignInAt", value: (row) => row.lastSignInAt },
    { header: "createdAt", value: (row) => row.createdAt },
  ], rows);
}
