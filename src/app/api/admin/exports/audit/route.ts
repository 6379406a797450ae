import type { NextRequest } from "next/server";
import { authorizeApi } from "@/server/authz";
import { csvResponse } from "@/server/exports/csv";
import { auditEntriesForExport, parseAuditQuery } from "@/server/queries/admin/audit";

// Both: downloading is its own permission, and the trail is for administrators only.
export async function GET(request: NextRequest) {
  for (const permission of ["exports.download", "audit.read"] as const) {
    const { error } = await authorizeApi(permission);
    if (error) return error;
  }
  const rows = await auditEntriesForExport(parseAuditQuery(request.nextUrl.searchParams));
  return csvResponse("audit-trail", [
    { header: "at", value: (row) => row.at },
    { header: "actor", value: (row) => row.actorEmail },
    { header: "action", value: (row) => row.action },
    { header: "entity", value: (row) => row.entity },
    { header: "entityId", value: (row) => row.entityId },
    { header: "summary", value: (row) => row.summary },
    { header: "before", value: (row) => row.before },
    { header: "after", value: (row) => row.after },
  ], rows);
}
