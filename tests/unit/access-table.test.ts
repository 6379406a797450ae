import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CONTENT_KIND_SLUGS, CONTENT_KINDS } from "@/lib/content-kinds";
import {
  type Access,
  ACTION_ACCESS,
  type AccessTables,
  any,
  checkAccessTables,
  discover,
  isKindAccess,
  type KindAccess,
  PAGE_ACCESS,
  PUBLIC_AREAS,
  ROUTE_ACCESS,
} from "../support/admin-access";

// Everything under src/ that a request can reach is in tests/support/admin-access.ts with what it requires, and
// "public" only where PUBLIC_AREAS allows it. The integration matrices then call each listed route and action with
// every role; this stage fails first, in seconds, for a page, route or action that nobody listed.

describe("the access table", () => {
  const discovery = discover();
  const problems = checkAccessTables(discovery);

  it("finds pages, route methods and server actions in the source tree", () => {
    const count = (kind: string) => discovery.entries.filter((e) => e.kind === kind).length;
    // Fewer page files than URLs: one page over [kind] serves every content kind.
    expect(count("page")).toBeGreaterThan(30);
    expect(count("route")).toBeGreaterThan(20);
    expect(count("action")).toBeGreaterThan(30);
  });

  it("lists every page, route method and server action under src/", () => {
    expect(problems.unlisted, "missing from tests/support/admin-access.ts: add each with the permission it requires").toEqual([]);
    expect(problems.unreadable).toEqual([]);
  });

  it("lists nothing that is no longer in src/", () => {
    expect(problems.stale, "entries of tests/support/admin-access.ts whose file or export is gone").toEqual([]);
    expect(problems.unusedAreas, "PUBLIC_AREAS entries that match nothing").toEqual([]);
  });

  it("makes public only what PUBLIC_AREAS names, each with its reason", () => {
    expect(problems.publicOutsideAreas).toEqual([]);
    for (const area of PUBLIC_AREAS) expect(area.why.length, area.at).toBeGreaterThan(5);
  });

  it("sees every inline staff action check its permission first", () => {
    expect(problems.unguardedInline).toEqual([]);
  });

  it("gives what serves every content kind, kind by kind, the permissions of that kind's definition", () => {
    const permissionsOf = (access: Access) => (typeof access === "string" ? [] : "any" in access ? access.any : "all" in access ? access.all : []);
    const entries = [...Object.entries(PAGE_ACCESS), ...Object.entries(ROUTE_ACCESS), ...Object.entries(ACTION_ACCESS)];
    for (const [key, access] of entries) {
      // A staff page or route over the [kind] segment serves every content kind, except a call's form builder,
      // which only opportunities have and which asks for the builder's own permission (other kinds answer 404).
      const builder = /\/admin\/\[kind\]\/\[id\]\/form(\/|$)/.test(key);
      if (builder) expect(access, key).toEqual({ any: ["calls.define"] });
      else if (/\/admin\/(.*\/)?\[kind\]/.test(key)) expect(isKindAccess(access), `${key} serves every content kind: read what it requires from each kind's definition`).toBe(true);
    }
    const byKind = entries.filter((entry): entry is [string, KindAccess] => isKindAccess(entry[1]));
    expect(byKind.map(([key]) => key).sort()).toEqual(
      [
        "/[locale]/admin/[kind]",
        "/[locale]/admin/[kind]/new",
        "/[locale]/admin/[kind]/[id]",
        "/[locale]/admin/[kind]/[id]/obligations/[obligationId]",
        "/[locale]/admin/[kind]/[id]/stages/[stageId]",
        "/[locale]/admin/[kind]/[id]/edit",
        "/[locale]/admin/[kind]/[id]/delete",
        "GET /api/admin/exports/[kind]",
        "server/actions/admin/content.ts#saveContentAction",
      ].sort(),
    );
    for (const [key, access] of byKind) {
      expect(Object.keys(access.byKind).sort(), key).toEqual([...CONTENT_KIND_SLUGS].sort());
      if (key in ACTION_ACCESS) expect(access.field, `${key} names the form field that carries the kind`).toBeTruthy();
      for (const kind of CONTENT_KIND_SLUGS) {
        const { read, write, export: download } = CONTENT_KINDS[kind].permissions;
        const required = permissionsOf(access.byKind[kind]);
        expect(required.length, `${key} for ${kind}`).toBeGreaterThan(0);
        for (const permission of required) expect([read, write, ...download], `${key} for ${kind}: ${permission} is not in the kind's definition`).toContain(permission);
      }
    }
  });
});

describe("the access-table check on a source tree made for it", () => {
  const src = mkdtempSync(path.join(tmpdir(), "access-table-"));
  afterAll(() => rmSync(src, { recursive: true, force: true }));
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(src, file)), { recursive: true });
    writeFileSync(path.join(src, file), text);
  };
  write("app/[locale]/(public)/about/page.tsx", "export default function About() { return null; }\n");
  write("app/[locale]/(admin)/admin/(panel)/reports/page.tsx", "export default async function Reports() { return null; }\n");
  write("app/[locale]/(admin)/admin/(panel)/exposed/page.tsx", "export default async function Exposed() { return null; }\n");
  write(
    "app/api/admin/reports/route.ts",
    "const remove = async () => new Response(null);\nexport async function GET() { return new Response(''); }\nexport const { POST } = { POST: remove };\nexport { remove as DELETE };\nexport const dynamic = 'force-dynamic';\n",
  );
  write("app/api/admin/opaque/route.ts", "export * from './handlers';\n");
  write("app/robots.ts", "export default function robots() { return {}; }\n");
  write("server/actions/admin/reports.ts", '"use server";\nexport async function archiveReportAction() {}\nexport const restoreReportAction = async () => {};\nexport type Kept = string;\n');
  write(
    "components/report-card.tsx",
    [
      'import { requirePermission } from "@/server/authz";',
      "export function ReportCard() {",
      '  async function flagReport() { "use server"; await requirePermission("content.write"); }',
      '  const deleteReport = async () => { "use server"; await deleteEverything(); };',
      '  const renameReport = async () => { "use server"; await requirePermission(["content.read"]); };',
      "  return null;",
      "}",
      "",
    ].join("\n"),
  );
  write("components/not-an-action.tsx", 'export const label = "use server";\nexport function f() { const x = "use server"; return x; }\n');
  write("generated/client.ts", '"use server";\nexport async function generated() {}\n');

  const tables: AccessTables = {
    pages: {
      "/[locale]/about": "public",
      "/[locale]/admin/reports": any("content.read"),
      "/[locale]/admin/exposed": "public",
      "/[locale]/admin/retired": any("content.read"),
    },
    routes: {
      "GET /api/admin/reports": any("content.read"),
      "POST /api/admin/reports": any("content.write"),
      "PATCH /api/admin/reports": any("content.write"),
      "GET /robots.txt": "public",
    },
    actions: {
      "server/actions/admin/reports.ts#archiveReportAction": any("content.write"),
      "server/actions/admin/gone.ts#removedAction": any("content.write"),
      "server/actions/admin/reports.ts#renamedAction": any("content.write"),
      "components/report-card.tsx#flagReport": any("content.write"),
      "components/report-card.tsx#deleteReport": any("content.write"),
      "components/report-card.tsx#renameReport": any("content.write"),
    },
    publicAreas: [
      { kind: "page", at: "app/[locale]/(public)/", why: "the public site" },
      { kind: "route", at: "app/robots.ts", why: "crawler rules" },
      { kind: "route", at: "app/api/health/route.ts", why: "the health check" },
    ],
  };
  const discovery = discover(src);
  const problems = checkAccessTables(discovery, tables, src);

  it("finds each kind of entry, inline actions included, and skips generated code and strings that only mention the directive", () => {
    expect(discovery.entries.map((e) => `${e.kind} ${e.key}`).sort()).toEqual(
      [
        "action components/report-card.tsx#deleteReport",
        "action components/report-card.tsx#flagReport",
        "action components/report-card.tsx#renameReport",
        "action server/actions/admin/reports.ts#archiveReportAction",
        "action server/actions/admin/reports.ts#restoreReportAction",
        "page /[locale]/about",
        "page /[locale]/admin/exposed",
        "page /[locale]/admin/reports",
        "route DELETE /api/admin/reports",
        "route GET /api/admin/reports",
        "route GET /robots.txt",
        "route POST /api/admin/reports",
      ].sort(),
    );
  });

  it("names what is unlisted, what is gone, and public entries outside the allowed areas", () => {
    expect(problems.unlisted).toEqual([
      'route "DELETE /api/admin/reports" (src/app/api/admin/reports/route.ts)',
      'action "server/actions/admin/reports.ts#restoreReportAction" (src/server/actions/admin/reports.ts)',
    ]);
    expect(problems.stale).toEqual([
      'page "/[locale]/admin/retired": no page file serves this path any more',
      'route "PATCH /api/admin/reports": src/app/api/admin/reports/route.ts no longer exports PATCH',
      'action "server/actions/admin/gone.ts#removedAction": src/server/actions/admin/gone.ts no longer exists',
      'action "server/actions/admin/reports.ts#renamedAction": src/server/actions/admin/reports.ts no longer has this action',
    ]);
    expect(problems.publicOutsideAreas).toEqual(['page "/[locale]/admin/exposed" (src/app/[locale]/(admin)/admin/(panel)/exposed/page.tsx) is public outside PUBLIC_AREAS']);
    expect(problems.unusedAreas).toEqual(['route area "app/api/health/route.ts" matches nothing']);
    expect(problems.unreadable).toEqual(["src/app/api/admin/opaque/route.ts: export * cannot be listed; export each name"]);
  });

  it("names inline staff actions that do not start by checking the permission the table gives them", () => {
    expect(problems.unguardedInline).toEqual([
      'action "components/report-card.tsx#deleteReport" must start with requirePermission("content.write"), found no check',
      'action "components/report-card.tsx#renameReport" must start with requirePermission("content.write"), found requirePermission(content.read)',
    ]);
  });
});
