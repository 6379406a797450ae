import "server-only";
import { getTranslations } from "next-intl/server";
import { CallContact } from "@/components/calls/call-contact";
import { Link } from "@/i18n/link";

/** What every form page carries: whom to ask about the call, and the privacy notice that says what happens to the answers. */
export async function FormNotice({ contactEmail }: { contactEmail: string | null }) {
  const t = await getTranslations("Privacy");
  return (
    <aside aria-label={t("formNoticeLabel")} className="mt-10 max-w-2xl border-t border-slate-300 pt-4 text-sm text-slate-800" data-form-notice="">
      <CallContact email={contactEmail} className="" />
      {!contactEmail && <p>{t("noCallContact")}</p>}
      <p className="mt-2">
        {t.rich("formNotice", { link: (chunks) => <Link href="/privacy" data-privacy-link="">{chunks}</Link> })}
      </p>
    </aside>
  );
}
