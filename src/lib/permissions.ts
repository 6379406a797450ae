// Which staff role may do what: the one table every admin page, action and API route checks.
// No server imports, so the same table drives what the panel shows and the tests that try every role.

export const STAFF_ROLES = ["ADMIN", "EDITOR", "REVIEWER", "VIEWER"] as const;
export type StaffRoleName = (typeof STAFF_ROLES)[number];

export const PERMISSIONS = {
  // The dashboard, and reading every public list in the panel (drafts included).
  "content.read": ["ADMIN", "EDITOR", "VIEWER"],
  // Create, edit, publish and delete missions, opportunities, institutions, projects, awards, agreements and sources.
  "content.write": ["ADMIN", "EDITOR"],
  "calls.define": ["ADMIN", "EDITOR"], // write a call's form (stages, pages, questions, pools, eligibility, rubric), duplicate a call
  // Every application, with answers and attachments.
  "applications.read": ["ADMIN", "VIEWER"],
  // Only the applications one is assigned to (conflicts and scores are checked per assignment).
  "applications.review": ["REVIEWER"],
  "applications.assign": ["ADMIN"],
  // Move applications through review, prepare and apply decisions.
  "applications.decide": ["ADMIN"],
  // Read held decision notices and release them.
  "outbox.release": ["ADMIN"],
  "exports.download": ["ADMIN", "EDITOR", "VIEWER"],
  "audit.read": ["ADMIN"],
  "staff.manage": ["ADMIN"],
} as const satisfies Record<string, readonly StaffRoleName[]>;

export type Permission = keyof typeof PERMISSIONS;

export const ALL_PERMISSIONS = Object.keys(PERMISSIONS) as Permission[];

export function roleCan(role: StaffRoleName, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly StaffRoleName[]).includes(role);
}

/** Any of several permissions, for pages that serve two kinds of staff (e.g. the inbox: all applications, or one's assigned ones). */
export function roleCanAny(role: StaffRoleName, permissions: readonly Permission[]): boolean {
  return permissions.some((permission) => roleCan(role, permission));
}
