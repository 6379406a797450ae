import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { type Permission, roleCan, type StaffRoleName } from "../../src/lib/permissions";

// What each staff page, admin API route and admin server action requires, as the role table in
// src/lib/permissions.ts grants it. The matrix tests find every page, route and action in the source tree
// and fail for one missing here, so nothing new can go unguarded without a test noticing.

/** "public": anyone; "staff": any signed-in staff member; any: one of them suffices; all: each is needed. */
export type Access = "public" | "staff" | { any: Permission[] } | { all: Permission[] };

const any = (...permissions: Permission[]): Access => ({ any: permissions });
const all = (...permissions: Permission[]): Access => ({ all: permissions });
const CONTENT_READ = any("content.read");
const CONTENT_WRITE = any("content.write");
const APPLICATIONS = any("applications.read", "applications.review");

/** Staff pages, by path below /{locale} with each [segment] kept as written. */
export const PAGE_ACCESS: Record<string, Access> = {
  "/admin/sign-in": "public",
  "/admin": any("content.read", "applications.read", "applications.review"),
  "/admin/account": "staff",
  "/admin/applications": APPLICATIONS,
  "/admin/applications/[id]": APPLICATIONS,
  "/admin/decisions": any("applications.decide"),
  "/admin/outbox": any("outbox.release"),
  "/admin/missions": CONTENT_READ,
  "/admin/missions/[id]": CONTENT_READ,
  "/admin/missions/new": CONTENT_WRITE,
  "/admin/missions/[id]/edit": CONTENT_WRITE,
  "/admin/missions/[id]/delete": CONTENT_WRITE,
  "/admin/opportunities": CONTENT_READ,
  "/admin/opportunities/[id]": CONTENT_READ,
  "/admin/opportunities/new": CONTENT_WRITE,
  "/admin/opportunities/[id]/edit": CONTENT_WRITE,
  "/admin/opportunities/[id]/delete": CONTENT_WRITE,
  "/admin/institutions": CONTENT_READ,
  "/admin/institutions/[id]": CONTENT_READ,
  "/admin/institutions/new": CONTENT_WRITE,
  "/admin/institutions/[id]/edit": CONTENT_WRITE,
  "/admin/institutions/[id]/delete": CONTENT_WRITE,
  "/admin/projects": CONTENT_READ,
  "/admin/projects/[id]": CONTENT_READ,
  "/admin/projects/new": CONTENT_WRITE,
  "/admin/projects/[id]/edit": CONTENT_WRITE,
  "/admin/projects/[id]/delete": CONTENT_WRITE,
  "/admin/awards": CONTENT_READ,
  "/admin/awards/[id]": CONTENT_READ,
  "/admin/awards/new": CONTENT_WRITE,
  "/admin/awards/[id]/edit": CONTENT_WRITE,
  "/admin/awards/[id]/delete": CONTENT_WRITE,
  "/admin/agreements": CONTENT_READ,
  "/admin/agreements/[id]": CONTENT_READ,
  "/admin/agreements/new": CONTENT_WRITE,
  "/admin/agreements/[id]/edit": CONTENT_WRITE,
  "/admin/agreements/[id]/delete": CONTENT_WRITE,
  "/admin/sources": CONTENT_READ,
  "/admin/sources/[id]": CONTENT_READ,
  "/admin/sources/new": CONTENT_WRITE,
  "/admin/sources/[id]/edit": CONTENT_WRITE,
  "/admin/sources/[id]/delete": CONTENT_WRITE,
  "/admin/agreements/[id]/obligations/[obligationId]": CONTENT_WRITE,
  "/admin/audit": any("audit.read"),
  "/admin/staff": any("staff.manage"),
  "/admin/staff/new": any("staff.manage"),
  "/admin/staff/[id]": any("staff.manage"),
};

/** Admin route handlers (GET), by path with [segments]. */
export const ROUTE_ACCESS: Record<string, Access> = {
  "/api/admin/exports/applications": all("exports.download", "applications.read"),
  // Staff with the application's permission, or its assigned reviewer; a file that does not exist is a 404.
  "/api/admin/applications/[id]/attachments/[attachmentId]": APPLICATIONS,
  "/api/admin/exports/missions": all("exports.download", "content.read"),
  "/api/admin/exports/opportunities": all("exports.download", "content.read"),
  "/api/admin/exports/institutions": all("exports.download", "content.read"),
  "/api/admin/exports/projects": all("exports.download", "content.read"),
  "/api/admin/exports/awards": all("exports.download", "content.read"),
  "/api/admin/exports/agreements": all("exports.download", "content.read"),
  "/api/admin/exports/sources": all("exports.download", "content.read"),
  "/api/admin/exports/audit": all("exports.download", "audit.read"),
  "/api/admin/exports/staff": all("exports.download", "staff.manage"),
};

/** Server actions, as "<file name without .ts>#<export>" of src/server/actions/admin/. */
export const ACTION_ACCESS: Record<string, Access> = {
  "auth#signInAction": "public",
  "auth#signOutAction": "public",
  "auth#signOutEverywhereAction": "staff",
  "auth#enableTotpAction": "staff",
  "auth#disableTotpAction": "staff",
  "content#saveMissionAction": CONTENT_WRITE,
  "content#saveOpportunityAction": CONTENT_WRITE,
  "content#saveInstitutionAction": CONTENT_WRITE,
  "content#saveProjectAction": CONTENT_WRITE,
  "content#saveAwardAction": CONTENT_WRITE,
  "content#saveSourceAction": CONTENT_WRITE,
  "content#saveAgreementAction": CONTENT_WRITE,
  "content#saveFactsAction": CONTENT_WRITE,
  "content#setCapacityAction": CONTENT_WRITE,
  "content#setFigureAction": CONTENT_WRITE,
  "content#removeFigureAction": CONTENT_WRITE,
  "content#addObligationAction": CONTENT_WRITE,
  "content#updateObligationAction": CONTENT_WRITE,
  "content#completeObligationAction": CONTENT_WRITE,
  "content#deleteObligationAction": CONTENT_WRITE,
  "content#deleteRecordAction": CONTENT_WRITE,
  "content#publishAction": CONTENT_WRITE,
  "review#assignReviewerAction": any("applications.assign"),
  "review#unassignReviewerAction": any("applications.assign"),
  "review#declareConflictAction": any("applications.review"),
  "review#saveScoresAction": any("applications.review"),
  "review#changeStatusAction": any("applications.decide"),
  "review-decisions#prepareDecisionAction": any("applications.decide"),
  "review-decisions#removePreparedDecisionAction": any("applications.decide"),
  "review-decisions#applyDecisionBatchAction": any("applications.decide"),
  "review-outbox#releaseMailAction": any("outbox.release"),
  "staff#createStaffAction": any("staff.manage"),
  "staff#updateStaffAction": any("staff.manage"),
  "staff#setStaffDisabledAction": any("staff.manage"),
  "staff#resetStaffPasswordAction": any("staff.manage"),
  "staff#unlockStaffAction": any("staff.manage"),
  "staff#resetStaffTotpAction": any("staff.manage"),
};

export function allows(access: Access, role: StaffRoleName | null): boolean {
  if (access === "public") return true;
  if (role === null) return false;
  if (access === "staff") return true;
  return "any" in access ? access.any.some((p) => roleCan(role, p)) : access.all.every((p) => roleCan(role, p));
}

const root = path.resolve(import.meta.dirname, "../..");

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

/** Every page.tsx of the staff panel, as its path below /{locale} (route groups removed). */
export function findAdminPages(): string[] {
  const base = path.join(root, "src/app/[locale]/(admin)");
  return walk(base)
    .filter((file) => path.basename(file) === "page.tsx")
    .map((file) => `/${path.relative(base, path.dirname(file)).split(path.sep).filter((s) => !/^\(.*\)$/.test(s)).join("/")}`);
}

/** Every route handler under /api/admin and the auth endpoints' neighbours. */
export function findAdminRoutes(): string[] {
  const base = path.join(root, "src/app/api/admin");
  try {
    return walk(base)
      .filter((file) => path.basename(file) === "route.ts")
      .map((file) => `/api/admin/${path.relative(base, path.dirname(file)).split(path.sep).join("/")}`);
  } catch {
    return [];
  }
}

/** Every server-action module of the staff panel. */
export function findAdminActionModules(): { name: string; file: string }[] {
  const base = path.join(root, "src/server/actions/admin");
  return readdirSync(base)
    .filter((name) => name.endsWith(".ts"))
    .map((name) => ({ name: name.replace(/\.ts$/, ""), file: path.join(base, name) }));
}

/** A concrete URL for a path with [segments]: ids that do not exist, so allowed staff meet a 404 and no data. */
export const concretePath = (pattern: string) => pattern.replace(/\[\.\.\.[^\]]+\]/g, "missing").replace(/\[[^\]]+\]/g, "missing-id");

export { CONTENT_READ, CONTENT_WRITE, APPLICATIONS, all, any };
