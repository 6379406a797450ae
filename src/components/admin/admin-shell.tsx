import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { Link } from "@/i18n/link";
import { roleCanAny } from "@/lib/permissions";
import type { StaffSession } from "@/server/authz";
import { signOutAction, signOutEverywhereAction } from "@/server/actions/admin/auth";
import { ADMIN_NAV } from "./nav-items";

/** The staff panel's frame: who is signed in, the sections their role may open, and sign-out. */
export async function AdminShell({ staff, locale, children }: { staff: StaffSession; locale: string; children: ReactNode }) {
  const t = await getTranslations("Admin");
  const items = ADMIN_NAV.filter((item) => item.permissions.length === 0 || roleCanAny(staff.role, item.permissions));
  return (
    // data-layout="wide" lets the page's main box use the whole screen: staff lists need the width, readers' pages do not.
    <div className="flex flex-col gap-6 lg:flex-row" data-layout="wide">
      <nav aria-label={t("navLabel")} className="lg:w-48 lg:shrink-0 xl:w-56">
        <p className="mb-2 text-sm text-slate-700">{t("signedInAs", { name: staff.name, role: t(`roles.${staff.role}`) })}</p>
        <ul className="flex flex-wrap gap-x-4 gap-y-1 text-sm font-semibold lg:flex-col lg:gap-1">
          {items.map((item) => (
            <li key={item.key}>
              <Link href={item.href}>{t(`nav.${item.key}`)}</Link>
            </li>
          ))}
        </ul>
        <SignOutForm locale={locale} className="mt-4">
          {t("signOut")}
        </SignOutForm>
      </nav>
      <div className="min-w-0 flex-1">{children}</div>
    </div>
  );
}

/** Sign-out as a plain form post, so it works without JavaScript; `everywhere` also ends the account's other sessions. */
export function SignOutForm({ locale, everywhere = false, className, children }: { locale: string; everywhere?: boolean; className?: string; children: ReactNode }) {
  return (
    <form action={everywhere ? signOutEverywhereAction : signOutAction} className={className}>
      <input type="hidden" name="locale" value={locale} />
      <button
        type="submit"
        className={`rounded border-2 font-semibold ${everywhere ? "border-accent px-4 py-2 text-accent" : "border-navy px-3 py-1 text-sm text-navy hover:bg-slate-100"}`}
      >
        {children}
      </button>
    </form>
  );
}
