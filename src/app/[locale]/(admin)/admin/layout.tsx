import type { ReactNode } from "react";

// Every staff page depends on who is signed in: rendered per request, never cached.
export const dynamic = "force-dynamic";

export default function AdminLayout({ children }: { children: ReactNode }) {
  return children;
}
