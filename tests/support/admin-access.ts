import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { CONTENT_KIND_SLUGS, CONTENT_KINDS, type ContentKind, type ContentKindDefinition, isContentKind } from "../../src/lib/content-kinds";
import { type Permission, roleCan, type StaffRoleName } from "../../src/lib/permissions";

// What every page, route handler and server action under src/ requires, as the role table in src/lib/permissions.ts
// grants it. tests/unit/access-table.test.ts walks src/ and fails for anything missing here, for any entry whose file
// is gone, and for "public" outside PUBLIC_AREAS; the integration matrices and the browser test call what is listed.

/** "public": no staff session needed; "staff": any signed-in staff member; any: one of them suffices; all: each is needed. */
export type RoleAccess = "public" | "staff" | { any: Permission[] } | { all: Permission[] };

/**
 * A page, route or action that serves every content kind: for each kind, what that kind's definition in
 * src/lib/content-kinds.ts requires. Pages and routes take the kind from their [kind] segment, an action from the
 * form field `field`.
 */
export interface KindAccess {
  byKind: Record<ContentKind, Exclude<RoleAccess, "public">>;
  field?: string;
}

export type Access = RoleAccess | KindAccess;

const any = (...permissions: Permission[]) => ({ any: permissions });
const all = (...permissions: Permission[]) => ({ all: permissions });
const CONTENT_READ = any("content.read");
const CONTENT_WRITE = any("content.write");
const APPLICATIONS = any("applications.read", "applications.review");

/** What each content kind's definition requires, read from the definitions themselves. */
const byKind = (required: (permissions: ContentKindDefinition["permissions"]) => Exclude<RoleAccess, "public">, field?: string): KindAccess => ({
  byKind: Object.fromEntries(CONTENT_KIND_SLUGS.map((kind) => [kind, required(CONTENT_KINDS[kind].permissions)])) as KindAccess["byKind"],
  ...(field === undefined ? {} : { field }),
});
const KIND_READ = byKind((permissions) => any(permissions.read));
const KIND_WRITE = byKind((permissions) => any(permissions.write));
const KIND_EXPORT = byKind((permissions) => all(...permissions.export));

/** Every page, by URL pattern: route groups dropped, [segments] as written. */
export const PAGE_ACCESS: Record<string, Access> = {
  // The staff panel.
  "/[locale]/admin/sign-in": "public",
  "/[locale]/admin": any("content.read", "applications.read", "applications.review"),
  "/[locale]/admin/account": "staff",
  "/[locale]/admin/applications": APPLICATIONS,
  "/[locale]/admin/applications/[id]": APPLICATIONS,
  "/[locale]/admin/decisions": any("applications.decide"),
  "/[locale]/admin/outbox": any("outbox.release"),
  // Every content kind's list, new, edit and delete pages, one page each over the [kind] segment.
  "/[locale]/admin/[kind]": KIND_READ,
  "/[locale]/admin/[kind]/new": KIND_WRITE,
  "/[locale]/admin/[kind]/[id]/edit": KIND_WRITE,
  "/[locale]/admin/[kind]/[id]/delete": KIND_WRITE,
  "/[locale]/admin/[kind]/[id]": KIND_READ,
  // Only agreements have obligations: for any other kind, staff who may write are answered 404.
  "/[locale]/admin/[kind]/[id]/obligations/[obligationId]": KIND_WRITE,
  // Only opportunities have stages: for any other kind, staff who may write are answered 404.
  "/[locale]/admin/[kind]/[id]/stages/[stageId]": KIND_WRITE,
  // The call builder: calls.define, then a 404 for any kind but opportunities.
  "/[locale]/admin/[kind]/[id]/form": any("calls.define"),
  "/[locale]/admin/[kind]/[id]/form/preview": any("calls.define"),
  "/[locale]/admin/audit": any("audit.read"),
  "/[locale]/admin/staff": any("staff.manage"),
  "/[locale]/admin/staff/new": any("staff.manage"),
  "/[locale]/admin/staff/[id]": any("staff.manage"),
  // The public site.
  "/[locale]": "public",
  "/[locale]/[...rest]": "public",
  "/bench/hello-world.html": "public",
  "/[locale]/countries/[code]": "public",
  "/[locale]/institutions/[id]": "public",
  "/[locale]/map": "public",
  "/[locale]/missions": "public",
  "/[locale]/missions/[slug]": "public",
  "/[locale]/open-data": "public",
  "/[locale]/privacy": "public",
  "/[locale]/opportunities/chang-e-5-sample-loans": "public",
  "/[locale]/opportunities/chang-e-8-cooperation-projects": "public",
  "/[locale]/opportunities/chang-e-8-cooperation-projects/[project]": "public",
  "/[locale]/opportunities/chang-e-8-cooperation-projects/filter/[country]/[kind]": "public",
  "/[locale]/opportunities/tianwen-3-payload-offer": "public",
  "/[locale]/calls": "public",
  "/[locale]/calls/[slug]": "public",
  "/[locale]/calls/[slug]/apply": "public",
  "/[locale]/search": "public",
  "/[locale]/timeline": "public",
  "/[locale]/transparency": "public",
  // The applicant's own application, behind its token.
  "/[locale]/applications/[token]": "public",
  "/[locale]/applications/[token]/[step]": "public",
  "/[locale]/applications/[token]/attachments": "public",
  "/[locale]/applications/[token]/check": "public",
  "/[locale]/applications/[token]/confirmation": "public",
  "/[locale]/applications/[token]/team": "public",
};

/** Every method a route handler exports, as "<METHOD> <URL pattern>". HEAD is answered by GET's handler when not exported. */
export const ROUTE_ACCESS: Record<string, Access> = {
  // The staff panel's downloads.
  "GET /api/admin/exports/applications": all("exports.download", "applications.read"),
  // Staff with the application's permission, or its assigned reviewer; a file that does not exist is a 404.
  "GET /api/admin/applications/[id]/attachments/[attachmentId]": APPLICATIONS,
  // Every content kind's list as CSV; a kind that does not exist is a 404 once the permissions are checked.
  "GET /api/admin/exports/[kind]": KIND_EXPORT,
  "GET /api/admin/exports/audit": all("exports.download", "audit.read"),
  "GET /api/admin/exports/staff": all("exports.download", "staff.manage"),
  // The public API.
  "GET /api/v1/institutions": "public",
  "GET /api/v1/missions": "public",
  "GET /api/v1/missions/[slug]": "public",
  "GET /api/v1/openapi.json": "public",
  "GET /api/v1/opportunities": "public",
  "GET /api/v1/opportunities/[slug]": "public",
  "POST /api/v1/opportunities/[slug]/applications": "public",
  "GET /api/v1/calls": "public",
  "GET /api/v1/calls/[slug]": "public",
  "GET /api/v1/calls/[slug]/openapi.json": "public",
  "POST /api/v1/calls/[slug]/applications": "public",
  "GET /api/v1/projects": "public",
  "POST /api/v1/uploads": "public",
  "GET /api/[...path]": "public",
  "HEAD /api/[...path]": "public",
  "POST /api/[...path]": "public",
  "PUT /api/[...path]": "public",
  "PATCH /api/[...path]": "public",
  "DELETE /api/[...path]": "public",
  "GET /api/health": "public",
  "GET /api/health/live": "public",
  "GET /api/health/ready": "public",
  // Behind a secret only the serving process holds: for anyone else it does not exist (404).
  "POST /api/internal/cache": "public",
  "GET /api/auth/[...nextauth]": "public",
  "POST /api/auth/[...nextauth]": "public",
  // The applicant's own files, behind the application's token.
  "GET /api/applications/[token]/attachments/[id]": "public",
  "GET /api/applications/[token]/receipt": "public",
  // Open data.
  "GET /data/[file]": "public",
  "GET /calendar.ics": "public",
  "GET /[locale]/feed.xml": "public",
  "GET /.well-known/cooperation-portal-signing-key": "public",
  "GET /robots.txt": "public",
  "GET /sitemap.xml": "public",
};

/** Every server action, as "<file below src/>#<export>" (an inline action: "#<its function's name>"). */
export const ACTION_ACCESS: Record<string, Access> = {
  "server/actions/admin/auth.ts#signInAction": "public",
  "server/actions/admin/auth.ts#signOutAction": "public",
  "server/actions/admin/auth.ts#signOutEverywhereAction": "staff",
  "server/actions/admin/auth.ts#enableTotpAction": "staff",
  "server/actions/admin/auth.ts#disableTotpAction": "staff",
  // Every content kind's record form, the kind in its hidden field "contentKind".
  "server/actions/admin/content.ts#saveContentAction": byKind((permissions) => any(permissions.write), "contentKind"),
  "server/actions/admin/content.ts#saveFactsAction": CONTENT_WRITE,
  "server/actions/admin/content.ts#setCapacityAction": CONTENT_WRITE,
  "server/actions/admin/content.ts#setFigureAction": CONTENT_WRITE,
  "server/actions/admin/content.ts#removeFigureAction": CONTENT_WRITE,
  "server/actions/admin/content.ts#addObligationAction": CONTENT_WRITE,
  "server/actions/admin/content.ts#updateObligationAction": CONTENT_WRITE,
  "server/actions/admin/content.ts#completeObligationAction": CONTENT_WRITE,
  "server/actions/admin/content.ts#deleteObligationAction": CONTENT_WRITE,
  "server/actions/admin/content.ts#addStageAction": CONTENT_WRITE,
  "server/actions/admin/content.ts#updateStageAction": CONTENT_WRITE,
  "server/actions/admin/content.ts#removeStageAction": CONTENT_WRITE,
  "server/actions/admin/content.ts#moveStageAction": CONTENT_WRITE,
  "server/actions/admin/call-form.ts#saveFormStageAction": any("calls.define"),
  "server/actions/admin/call-form.ts#saveFormPageAction": any("calls.define"),
  "server/actions/admin/call-form.ts#saveFormQuestionAction": any("calls.define"),
  "server/actions/admin/call-form.ts#moveFormItemAction": any("calls.define"),
  "server/actions/admin/call-form.ts#removeFormItemAction": any("calls.define"),
  "server/actions/admin/call-form.ts#saveFormPoolsAction": any("calls.define"),
  "server/actions/admin/call-form.ts#saveFormEligibilityAction": any("calls.define"),
  "server/actions/admin/call-form.ts#saveFormRubricAction": any("calls.define"),
  "server/actions/admin/call-form.ts#saveFormTeamAction": any("calls.define"),
  "server/actions/admin/call-form.ts#duplicateCallAction": any("calls.define"),
  "server/actions/admin/content.ts#deleteRecordAction": CONTENT_WRITE,
  "server/actions/admin/content.ts#publishAction": CONTENT_WRITE,
  "server/actions/admin/review.ts#assignReviewerAction": any("applications.assign"),
  "server/actions/admin/review.ts#unassignReviewerAction": any("applications.assign"),
  "server/actions/admin/review.ts#declareConflictAction": any("applications.review"),
  "server/actions/admin/review.ts#saveScoresAction": any("applications.review"),
  "server/actions/admin/review.ts#changeStatusAction": any("applications.decide"),
  "server/actions/admin/review-decisions.ts#prepareDecisionAction": any("applications.decide"),
  "server/actions/admin/deadlines.ts#extendDeadlineAction": any("applications.decide"),
  "server/actions/admin/review-decisions.ts#removePreparedDecisionAction": any("applications.decide"),
  "server/actions/admin/review-decisions.ts#applyDecisionBatchAction": any("applications.decide"),
  "server/actions/admin/review-outbox.ts#releaseMailAction": any("outbox.release"),
  "server/actions/admin/mail.ts#resendMailAction": any("outbox.release"),
  "server/actions/admin/staff.ts#createStaffAction": any("staff.manage"),
  "server/actions/admin/staff.ts#updateStaffAction": any("staff.manage"),
  "server/actions/admin/staff.ts#setStaffDisabledAction": any("staff.manage"),
  "server/actions/admin/staff.ts#resetStaffPasswordAction": any("staff.manage"),
  "server/actions/admin/staff.ts#unlockStaffAction": any("staff.manage"),
  "server/actions/admin/staff.ts#resetStaffTotpAction": any("staff.manage"),
  // The applicant's actions.
  "server/actions/applications.ts#startApplicationAction": "public",
  "server/actions/applications.ts#saveStepAction": "public",
  "server/actions/applications.ts#uploadAttachmentAction": "public",
  "server/actions/applications.ts#removeAttachmentAction": "public",
  "server/actions/applications.ts#submitApplicationAction": "public",
  "server/actions/applications.ts#withdrawApplicationAction": "public",
  "server/actions/team.ts#inviteMemberAction": "public",
  "server/actions/team.ts#removeMemberAction": "public",
  "server/actions/team.ts#setMemberRoleAction": "public",
  "server/actions/team.ts#leaveTeamAction": "public",
};

export type EntryKind = "page" | "route" | "action";

/**
 * The only places "public" may appear, by file below src/ (a folder ends in "/"; "#name" narrows to one action).
 * Widening this list lets something be reached without a staff session: it is a security decision, reviewed as one.
 */
export const PUBLIC_AREAS: { kind: EntryKind; at: string; why: string }[] = [
  { kind: "page", at: "app/[locale]/(public)/", why: "the public site: published content only" },
  { kind: "page", at: "app/[locale]/[...rest]/page.tsx", why: "the not-found page for every other path" },
  { kind: "page", at: "app/bench/hello-world.html/page.tsx", why: "the benchmark's hello-world page: 404 unless the server runs with BENCH_BASELINE_PAGE=1" },
  { kind: "page", at: "app/[locale]/(admin)/admin/sign-in/page.tsx", why: "the staff sign-in form" },
  { kind: "page", at: "app/[locale]/(applicant)/applications/[token]/", why: "an applicant's own application, opened with the secret token from their email" },
  { kind: "route", at: "app/api/v1/", why: "the public JSON API: published content, and submissions as the apply form makes them" },
  { kind: "route", at: "app/api/[...path]/route.ts", why: "answers 404 for API paths that do not exist" },
  { kind: "route", at: "app/api/health/", why: "the health checks: ready (also /api/health) and live" },
  { kind: "route", at: "app/api/internal/cache/route.ts", why: "the process's own cache expiry, called by itself with a secret no one else holds; 404 for anyone else" },
  { kind: "route", at: "app/api/auth/[...nextauth]/route.ts", why: "next-auth's own endpoints (CSRF token, session, sign-out)" },
  { kind: "route", at: "app/api/applications/[token]/", why: "an applicant's own attachments and receipt, behind the application's token" },
  { kind: "route", at: "app/data/[file]/route.ts", why: "open data files" },
  { kind: "route", at: "app/calendar.ics/route.ts", why: "open data: the calendar of deadlines" },
  { kind: "route", at: "app/[locale]/feed.xml/route.ts", why: "open data: the news feed" },
  { kind: "route", at: "app/.well-known/cooperation-portal-signing-key/route.ts", why: "open data: the key that verifies signed files" },
  { kind: "route", at: "app/robots.ts", why: "crawler rules" },
  { kind: "route", at: "app/sitemap.ts", why: "the published pages, for crawlers" },
  { kind: "action", at: "server/actions/applications.ts", why: "the applicant's actions: each needs the application's token, or starts a new application" },
  { kind: "action", at: "server/actions/team.ts", why: "a team's actions: each needs the lead applicant's or a member's token for that application" },
  { kind: "action", at: "server/actions/admin/auth.ts#signInAction", why: "signing in" },
  { kind: "action", at: "server/actions/admin/auth.ts#signOutAction", why: "signing out ends whatever session the request carries" },
];

export const isKindAccess = (access: Access): access is KindAccess => typeof access === "object" && "byKind" in access;

/**
 * Whether the role may. For an entry that serves every content kind: what the kind given requires; with no kind, or
 * one that does not exist, only what every kind allows.
 */
export function allows(access: Access, role: StaffRoleName | null, kind?: string): boolean {
  if (isKindAccess(access)) return (kind !== undefined && isContentKind(kind) ? [kind] : CONTENT_KIND_SLUGS).every((k) => allows(access.byKind[k], role));
  if (access === "public") return true;
  if (role === null) return false;
  if (access === "staff") return true;
  return "any" in access ? access.any.some((p) => roleCan(role, p)) : access.all.every((p) => roleCan(role, p));
}

/**
 * What a role meets calling an entry that serves every content kind with a kind that does not exist: "not found" when
 * every kind allows the role, "refused" when none does; a role only some kinds allow may meet either.
 */
export function unknownKindAnswer(access: KindAccess, role: StaffRoleName | null): "not found" | "refused" | "either" {
  const allowed = CONTENT_KIND_SLUGS.filter((kind) => allows(access, role, kind)).length;
  return allowed === CONTENT_KIND_SLUGS.length ? "not found" : allowed === 0 ? "refused" : "either";
}

export function describeAccess(access: Access, kind?: string): string {
  if (isKindAccess(access)) {
    if (kind !== undefined && isContentKind(kind)) return `${describeAccess(access.byKind[kind])}, as the ${kind} definition requires`;
    return `by kind: ${CONTENT_KIND_SLUGS.map((k) => `${k} ${describeAccess(access.byKind[k])}`).join("; ")}`;
  }
  return typeof access === "string" ? access : "any" in access ? `any of ${access.any.join(", ")}` : `all of ${access.all.join(", ")}`;
}

// ------------------------------------------------------------------ discovery

export const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** What a staff action asks for before anything else, read from its source. */
export interface Guard {
  call: "requirePermission" | "requireStaff";
  permissions: string[];
}

/** One thing a request can reach: a page, one method of a route handler, or a server action. */
export interface Entry {
  kind: EntryKind;
  /** Its key in PAGE_ACCESS, ROUTE_ACCESS or ACTION_ACCESS. */
  key: string;
  /** The source file, below src/. */
  file: string;
  /** Pages and routes: the URL pattern. */
  url?: string;
  method?: HttpMethod;
  /** Actions of a "use server" file: the export to call. Inline actions (closures in a component) have none. */
  exportName?: string;
  /** Inline actions: the first call of their body, which must be the permission check. */
  guard?: Guard | null;
}

export interface Discovery {
  entries: Entry[];
  /** Files whose exports cannot be listed from the source (`export * from`): name each export instead. */
  unreadable: string[];
}

export const SRC = path.resolve(import.meta.dirname, "../../src");

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

/** A directory below app/ as its URL: route groups "(name)" and parallel slots "@name" are not part of it. */
function urlOf(appDir: string): string {
  const segments = appDir.split("/").filter((s) => s !== "" && s !== "." && !/^\(.*\)$/.test(s) && !s.startsWith("@"));
  return `/${segments.join("/")}`;
}

// Metadata files Next.js serves as GET routes, with the name they are served under.
const METADATA_ROUTES: [RegExp, (base: string) => string][] = [
  [/^robots\.(ts|js)$/, () => "robots.txt"],
  [/^sitemap\.(ts|js)$/, () => "sitemap.xml"],
  [/^manifest\.(ts|js)$/, () => "manifest.webmanifest"],
  [/^(opengraph-image|twitter-image|icon|apple-icon)\.(tsx|ts|jsx|js)$/, (base) => base.replace(/\.\w+$/, "")],
];

const parse = (file: string, text: string) =>
  ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, /\.(tsx|jsx)$/.test(file) ? ts.ScriptKind.TSX : ts.ScriptKind.TS);

const hasModifier = (node: ts.Node, kind: ts.SyntaxKind) => ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === kind);

function bindingNames(name: ts.BindingName): string[] {
  if (ts.isIdentifier(name)) return [name.text];
  return name.elements.flatMap((element) => (ts.isOmittedExpression(element) ? [] : bindingNames(element.name)));
}

/** The value names a module exports, and whether some export cannot be named from the source alone. */
function exportedNames(source: ts.SourceFile): { names: string[]; opaque: boolean } {
  const names: string[] = [];
  let opaque = false;
  for (const statement of source.statements) {
    if (ts.isExportDeclaration(statement)) {
      if (statement.isTypeOnly) continue;
      if (!statement.exportClause) opaque = true;
      else if (ts.isNamedExports(statement.exportClause)) names.push(...statement.exportClause.elements.filter((e) => !e.isTypeOnly).map((e) => e.name.text));
      else names.push(statement.exportClause.name.text);
    } else if (ts.isExportAssignment(statement)) {
      names.push("default");
    } else if (hasModifier(statement, ts.SyntaxKind.ExportKeyword)) {
      const isDefault = hasModifier(statement, ts.SyntaxKind.DefaultKeyword);
      if (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) names.push(isDefault ? "default" : (statement.name?.text ?? "default"));
      else if (ts.isVariableStatement(statement)) names.push(...statement.declarationList.declarations.flatMap((d) => bindingNames(d.name)));
    }
  }
  return { names, opaque };
}

const isUseServer = (statement: ts.Statement) => ts.isExpressionStatement(statement) && ts.isStringLiteral(statement.expression) && statement.expression.text === "use server";

/** The directive prologue of a module or a function body holds "use server". */
function hasUseServer(statements: ts.NodeArray<ts.Statement>): boolean {
  for (const statement of statements) {
    if (!(ts.isExpressionStatement(statement) && ts.isStringLiteral(statement.expression))) return false;
    if (isUseServer(statement)) return true;
  }
  return false;
}

/** A function's name for its key: its own, or the variable or property it is assigned to. */
function functionName(node: ts.FunctionLikeDeclaration, source: ts.SourceFile): string {
  if (node.name && ts.isIdentifier(node.name)) return node.name.text;
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if ((ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) && ts.isIdentifier(parent.name)) return parent.name.text;
  return `anonymous@${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}`;
}

/** The first requirePermission/requireStaff call of a body's first statement, if that is what it starts with. */
function guardOf(body: ts.Block): Guard | null {
  const first = body.statements.find((s) => !(ts.isExpressionStatement(s) && ts.isStringLiteral(s.expression)));
  let found: Guard | null = null;
  const visit = (node: ts.Node) => {
    if (found) return;
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && ["requirePermission", "requireStaff"].includes(node.expression.text)) {
      const arg = node.arguments[0];
      const literals = !arg ? [] : ts.isArrayLiteralExpression(arg) ? arg.elements : [arg];
      found = {
        call: node.expression.text as Guard["call"],
        permissions: literals.map((e) => (ts.isStringLiteralLike(e) ? e.text : `<${e.getText()}>`)),
      };
      return;
    }
    ts.forEachChild(node, visit);
  };
  if (first) visit(first);
  return found;
}

/** Functions whose own body starts with "use server": server actions declared inside a component or page. */
function inlineActions(source: ts.SourceFile): { name: string; guard: Guard | null }[] {
  const found: { name: string; guard: Guard | null }[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isFunctionLike(node) && "body" in node && node.body && ts.isBlock(node.body) && hasUseServer(node.body.statements)) {
      found.push({ name: functionName(node as ts.FunctionLikeDeclaration, source), guard: guardOf(node.body) });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/**
 * Everything below `src` that a request can reach: each page.*, each exported method of each route.* (and the
 * metadata routes), and each server action: the exports of "use server" files and every function whose body
 * starts with "use server". src/generated is Prisma's output, not the app's code.
 */
export function discover(src = SRC): Discovery {
  const entries: Entry[] = [];
  const unreadable: string[] = [];
  const files = walk(src)
    .map((full) => path.relative(src, full).split(path.sep).join("/"))
    .filter((file) => !file.startsWith("generated/"))
    .sort();
  for (const file of files) {
    const base = path.posix.basename(file);
    const inApp = file.startsWith("app/");
    const dir = path.posix.dirname(file);
    const url = inApp ? urlOf(dir.slice("app".length)) : `/${dir}`;
    if (/^page\.(tsx|ts|jsx|js|mdx)$/.test(base)) entries.push({ kind: "page", key: url, file, url });
    const metadata = inApp ? METADATA_ROUTES.find(([pattern]) => pattern.test(base)) : undefined;
    if (metadata) {
      const metadataUrl = `${url === "/" ? "" : url}/${metadata[1](base)}`;
      entries.push({ kind: "route", key: `GET ${metadataUrl}`, file, url: metadataUrl, method: "GET" });
    }
    if (!/\.(tsx|ts|jsx|js|mjs)$/.test(base)) continue;
    const isRoute = /^route\.(ts|js)$/.test(base);
    const text = readFileSync(path.join(src, file), "utf8");
    if (!isRoute && !text.includes("use server")) continue;
    const source = parse(file, text);
    if (isRoute) {
      const { names, opaque } = exportedNames(source);
      if (opaque) unreadable.push(file);
      for (const method of HTTP_METHODS.filter((m) => names.includes(m))) entries.push({ kind: "route", key: `${method} ${url}`, file, url, method });
    }
    if (hasUseServer(source.statements)) {
      const { names, opaque } = exportedNames(source);
      if (opaque) unreadable.push(file);
      for (const name of names) entries.push({ kind: "action", key: `${file}#${name}`, file, exportName: name });
    }
    const keys = new Set(entries.map((e) => e.key));
    for (const { name, guard } of inlineActions(source)) {
      let key = `${file}#${name}`;
      for (let n = 2; keys.has(key); n++) key = `${file}#${name}.${n}`;
      keys.add(key);
      entries.push({ kind: "action", key, file, guard });
    }
  }
  return { entries, unreadable };
}

// ------------------------------------------------------------------ the check

export interface AccessTables {
  pages: Record<string, Access>;
  routes: Record<string, Access>;
  actions: Record<string, Access>;
  publicAreas: { kind: EntryKind; at: string; why: string }[];
}

export const ACCESS_TABLES: AccessTables = { pages: PAGE_ACCESS, routes: ROUTE_ACCESS, actions: ACTION_ACCESS, publicAreas: PUBLIC_AREAS };

const tableOf = (tables: AccessTables, kind: EntryKind) => (kind === "page" ? tables.pages : kind === "route" ? tables.routes : tables.actions);

const inArea = (entry: Entry, at: string) => entry.key === at || entry.file === at || (at.endsWith("/") && entry.file.startsWith(at));

export interface AccessProblems {
  /** Found in src/ but not in the table. */
  unlisted: string[];
  /** In the table but no longer in src/. */
  stale: string[];
  /** "public" where PUBLIC_AREAS does not allow it. */
  publicOutsideAreas: string[];
  /** PUBLIC_AREAS entries that match nothing any more. */
  unusedAreas: string[];
  /** Exports that cannot be listed from the source. */
  unreadable: string[];
  /** Inline staff actions whose first call is not the permission the table names. */
  unguardedInline: string[];
}

/** Compares what the source tree holds with the tables, in both directions, naming each mismatch with its file. */
export function checkAccessTables(discovery: Discovery, tables: AccessTables = ACCESS_TABLES, src = SRC): AccessProblems {
  const { entries } = discovery;
  const found = new Set(entries.map((e) => `${e.kind} ${e.key}`));
  const problems: AccessProblems = { unlisted: [], stale: [], publicOutsideAreas: [], unusedAreas: [], unreadable: discovery.unreadable.map((f) => `src/${f}: export * cannot be listed; export each name`), unguardedInline: [] };

  for (const entry of entries) {
    const access = tableOf(tables, entry.kind)[entry.key];
    if (access === undefined) {
      problems.unlisted.push(`${entry.kind} "${entry.key}" (src/${entry.file})`);
      continue;
    }
    if (access === "public" && !tables.publicAreas.some((area) => area.kind === entry.kind && inArea(entry, area.at))) {
      problems.publicOutsideAreas.push(`${entry.kind} "${entry.key}" (src/${entry.file}) is public outside PUBLIC_AREAS`);
    }
    if (entry.kind === "action" && entry.exportName === undefined && access !== "public") {
      const guard = entry.guard;
      const wanted = access === "staff" ? { call: "requireStaff", permissions: [] as string[] } : "any" in access ? { call: "requirePermission", permissions: access.any } : null;
      const same = guard && wanted && guard.call === wanted.call && [...guard.permissions].sort().join() === [...wanted.permissions].sort().join();
      if (!same) {
        problems.unguardedInline.push(
          `action "${entry.key}" must start with ${wanted ? `${wanted.call}(${wanted.permissions.map((p) => JSON.stringify(p)).join(", ")})` : "one requirePermission per permission (all-of is not checkable inline)"}, found ${guard ? `${guard.call}(${guard.permissions.join(", ")})` : "no check"}`,
        );
      }
    }
  }

  for (const kind of ["page", "route", "action"] as const) {
    for (const key of Object.keys(tableOf(tables, kind))) {
      if (found.has(`${kind} ${key}`)) continue;
      problems.stale.push(`${kind} "${key}": ${staleReason(kind, key, entries, src)}`);
    }
  }

  for (const area of tables.publicAreas) {
    if (!entries.some((e) => e.kind === area.kind && inArea(e, area.at))) problems.unusedAreas.push(`${area.kind} area "${area.at}" matches nothing`);
  }
  return problems;
}

function staleReason(kind: EntryKind, key: string, entries: Entry[], src: string): string {
  if (kind === "page") return "no page file serves this path any more";
  if (kind === "route") {
    const url = key.slice(key.indexOf(" ") + 1);
    const route = entries.find((e) => e.kind === "route" && e.url === url);
    return route ? `src/${route.file} no longer exports ${key.split(" ")[0]}` : "no route file serves this path any more";
  }
  const file = key.slice(0, key.indexOf("#"));
  return existsSync(path.join(src, file)) ? `src/${file} no longer has this action` : `src/${file} no longer exists`;
}

// ------------------------------------------------------------------ for the tests that call what is listed

/** Each listed page, route method or action with what it requires, for those that need a staff session. */
export function staffEntries(kind: EntryKind, discovery = discover()): (Entry & { access: Exclude<Access, "public"> })[] {
  return discovery.entries
    .filter((e) => e.kind === kind)
    .map((e) => ({ ...e, access: tableOf(ACCESS_TABLES, kind)[e.key]! }))
    .filter((e): e is Entry & { access: Exclude<Access, "public"> } => e.access !== undefined && e.access !== "public");
}

/** A content kind that does not exist, for a [kind] segment or a kind field. */
export const UNKNOWN_KIND = "no-such-kind";

/**
 * The kinds the matrices call an entry with: for one that serves every content kind, each kind of
 * src/lib/content-kinds.ts and then UNKNOWN_KIND; for any other entry, no kind (a single call).
 */
export const kindsToCall = (access: Access): (string | undefined)[] => (isKindAccess(access) ? [...CONTENT_KIND_SLUGS, UNKNOWN_KIND] : [undefined]);

/**
 * A concrete URL for a pattern: the language given, the content kind given for [kind], and ids that do not exist, so
 * allowed staff meet a 404 and no data. Without a kind, [kind] too is a value that names nothing.
 */
export const concretePath = (pattern: string, locale = "en", kind?: string) =>
  pattern
    .replace("[locale]", locale)
    .replace("[kind]", kind ?? "[kind]")
    .replace(/\[\[?\.\.\.[^\]]+\]\]?/g, "missing")
    .replace(/\[[^\]]+\]/g, "missing-id");

/** The params object Next.js passes a page or route handler for concretePath(pattern, locale, kind). */
export function paramsOf(pattern: string, locale = "en", kind?: string): Record<string, string | string[]> {
  const params: Record<string, string | string[]> = {};
  for (const [, catchAll, name] of pattern.matchAll(/\[\[?(\.\.\.)?([^\]]+?)\]\]?/g)) {
    params[name!] = name === "locale" ? locale : name === "kind" && kind !== undefined ? kind : catchAll ? ["missing"] : "missing-id";
  }
  return params;
}

/** Every server-action module of the staff panel (src/server/actions/admin), named by file. */
export function findAdminActionModules(): { name: string; file: string }[] {
  const base = path.join(SRC, "server/actions/admin");
  return readdirSync(base)
    .filter((name) => name.endsWith(".ts"))
    .map((name) => ({ name: name.replace(/\.ts$/, ""), file: path.join(base, name) }));
}

export { CONTENT_READ, CONTENT_WRITE, APPLICATIONS, all, any };
