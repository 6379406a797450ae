import type { NextRequest } from "next/server";
import { parseListQuery } from "@/lib/admin-list";
import { CONTENT_KINDS, isContentKind } from "@/lib/content-kinds";
import { authorizeApi } from "@/server/authz";
import { listContent, listFilters, listSpec } from "@/server/content/repository";
import { csvResponse } from "@/server/exports/csv";

// Every row the list's search and filters select, drafts included: downloading and reading content are both needed.
export async function GET(request: NextRequest, { params }: { params: Promise<{ kind: string }> }) {
  const { kind } = await params;
  for (const permission of CONTENT_KINDS[isContentKind(kind) ? kind : "missions"].permissions.export) {
    const { error } = await authorizeApi(permission);
    if (error) return error;
  }
  if (!isContentKind(kind)) return Response.json({ error: { code: "not_found", message: "There is no such export." } }, { status: 404 });
  const query = parseListQuery(request.nextUrl.searchParams, listSpec(kind, await listFilters(kind)));
  const { rows } = await listContent(kind, query, { all: true });
  return csvResponse(
    kind,
    CONTENT_KINDS[kind].csv.map(([header, field]) => ({ header, value: (row: Record<string, unknown>) => csvValue(row[field]) })),
    rows as unknown as Record<string, unknown>[],
  );
}

/** A list of names (a project's partners) as one cell, the lead marked. */
const csvValue = (value: unknown) =>
  Array.isArray(value) ? value.map((name: { nameEn: string; lead: boolean }) => (name.lead ? `${name.nameEn} (lead)` : name.nameEn)).join("; ") : value;
