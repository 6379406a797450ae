import { getTranslations } from "next-intl/server";

/** Said wherever a practice call is shown in full, so nobody mistakes it for a real call. */
export async function DemonstrationNotice() {
  const t = await getTranslations("Calls");
  return (
    <section aria-labelledby="demonstration-heading" className="mt-6 rounded-lg border-2 border-s-8 border-amber-500 bg-amber-50 p-4 text-ink" data-demonstration="">
      <h2 id="demonstration-heading" className="text-lg font-bold">
        {t("demonstrationHeading")}
      </h2>
      <p className="mt-1">{t("demonstrationText")}</p>
    </section>
  );
}

/** The short label a demonstration call carries in lists. */
export async function DemonstrationLabel() {
  const t = await getTranslations("Calls");
  return (
    <span className="inline-flex items-center rounded-full border border-dashed border-amber-700 bg-amber-50 px-3 py-0.5 text-sm font-semibold text-amber-900">
      {t("demonstration")}
    </span>
  );
}
