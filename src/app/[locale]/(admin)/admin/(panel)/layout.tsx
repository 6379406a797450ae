import type { Metadata } from "next";
import type { ReactNode } from "react";
import { AdminShell } from "@/components/admin/admin-shell";
import { requireStaff } from "@/server/authz";

// Staff pages are per person, rendered per request and never indexed; each page still checks its own permission.
export const dynamic = "force-dynamic";

export const metadata: Metadata = { robots: { index: false, follow: false } };

export default async function PanelLayout({ children, params }: { children: ReactNode; params: Promise<{ locale: string }> }) {
  const [{ locale }, staff] = await Promise.all([params, requireStaff()]);
  return (
    <AdminShell staff={staff} locale={locale}>
      {children}
    </AdminShell>
  );
}
