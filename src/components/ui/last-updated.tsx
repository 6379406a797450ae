import { getLocale, getTranslations } from "next-intl/server";
import { formatDay } from "@/lib/localize";

export async function LastUpdated({ at }: { at: string }) {
  const t = await getTranslations("Site");
  const locale = await getLocale();
  return (
    <p className="mt-10 text-sm text-slate-600">
      <time dateTime={at}>{t("lastUpdated", { date: formatDay(at, locale) })}</time>
    </p>
  );
}
