import type { Permission } from "@/lib/permissions";

// The panel's sections, each shown only to roles holding one of its permissions (the pages check again).
export const ADMIN_NAV = [
  { key: "dashboard", href: "/admin", permissions: ["content.read", "applications.read", "applications.review"] },
  { key: "missions", href: "/admin/missions", permissions: ["content.read"] },
  { key: "opportunities", href: "/admin/opportunities", permissions: ["content.read"] },
  { key: "institutions", href: "/admin/institutions", permissions: ["content.read"] },
  { key: "projects", href: "/admin/projects", permissions: ["content.read"] },
  { key: "awards", href: "/admin/awards", permissions: ["content.read"] },
  { key: "agreements", href: "/admin/agreements", permissions: ["content.read"] },
  { key: "sources", href: "/admin/sources", permissions: ["content.read"] },
  { key: "applications", href: "/admin/applications", permissions: ["applications.read", "applications.review"] },
  { key: "decisions", href: "/admin/decisions", permissions: ["applications.decide"] },
  { key: "outbox", href: "/admin/outbox", permissions: ["outbox.release"] },
  { key: "audit", href: "/admin/audit", permissions: ["audit.read"] },
  { key: "staff", href: "/admin/staff", permissions: ["staff.manage"] },
  { key: "account", href: "/admin/account", permissions: [] },
] as const satisfies readonly { key: string; href: string; permissions: readonly Permission[] }[];
