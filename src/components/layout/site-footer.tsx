import { getTranslations } from "next-intl/server";

export async function SiteFooter() {
  const t = await getTranslations("Site");
  return (
    <footer className="mt-12 border-t border-slate-300 bg-white">
      <div className="mx-auto max-w-6xl space-y-2 px-4 py-6 text-sm text-slate-700 sm:px-6">
        <p>{t("footerNote")}</p>
        <p>
          <a href="/api/v1/openapi.json">{t("apiLink")}</a>
        </p>
      </div>
    </footer>
  );
}
