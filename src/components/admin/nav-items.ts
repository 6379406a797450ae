import { CONTENT_KIND_SLUGS, CONTENT_KINDS } from "@/lib/content-kinds";
import type { Permission } from "@/lib/permissions";

interface NavItem {
  key: string;
  href: string;
  permissions: readonly Permission[];
}

// The panel's sections, each shown only to roles holding one of its permissions (the pages check again).
// Every content kind has its list here, in the order the kinds are declared.
export const ADMIN_NAV: readonly NavItem[] = [
  { key: "dashboard", href: "/admin", permissions: ["content.read", "applications.read", "applications.review"] },
  ...CONTENT_KIND_SLUGS.map((kind) => ({ key: kind, href: `/admin/${kind}`, permissions: [CONTENT_KINDS[kind].permissions.read] })),
  { key: "applications", href: "/admin/applications", permissions: ["applications.read", "applications.review"] },
  { key: "decisions", href: "/admin/decisions", permissions: ["applications.decide"] },
  { key: "outbox", href: "/admin/outbox", permissions: ["outbox.release"] },
  { key: "audit", href: "/admin/audit", permissions: ["audit.read"] },
  { key: "staff", href: "/admin/staff", permissions: ["staff.manage"] },
  { key: "account", href: "/admin/account", permissions: [] },
];
