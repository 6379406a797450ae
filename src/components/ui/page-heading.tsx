import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { Link } from "@/i18n/link";

export async function PageHeading({
  title,
  lead,
  trail = [],
  children,
}: {
  title: ReactNode;
  lead?: ReactNode;
  trail?: { href: string; label: ReactNode }[];
  children?: ReactNode;
}) {
  const t = await getTranslations("Site");
  return (
    <div>
      {trail.length > 0 && (
        <nav aria-label={t("breadcrumb")} className="mb-3 text-sm">
          <ol className="flex flex-wrap gap-x-2">
            {[{ href: "/", label: t("home") }, ...trail].map((item, i) => (
              <li key={item.href} className="flex gap-2">
                {i > 0 && <span aria-hidden="true">›</span>}
                <Link href={item.href}>{item.label}</Link>
              </li>
            ))}
          </ol>
        </nav>
      )}
      <h1 className="text-3xl font-bold sm:text-4xl">{title}</h1>
      {children}
      {lead && <p className="mt-3 max-w-3xl text-lg text-slate-800">{lead}</p>}
    </div>
  );
}
