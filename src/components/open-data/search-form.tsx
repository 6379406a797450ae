import { getLocale, getTranslations } from "next-intl/server";
import { SEARCH_MAX_LENGTH } from "@/lib/validation/search";

/** A plain GET form: it works without JavaScript, and its result page has an address that can be shared. */
export async function SearchForm({ query, error }: { query: string; error?: string }) {
  const [t, errors, locale] = await Promise.all([getTranslations("Search"), getTranslations("Errors"), getLocale()]);
  const describedBy = ["search-hint", error ? "search-error" : null].filter(Boolean).join(" ");
  return (
    <form role="search" method="get" action={`/${locale}/search`} className="mt-6 max-w-2xl">
      <label htmlFor="search-q" className="block text-lg font-semibold">
        {t("label")}
      </label>
      <p id="search-hint" className="mt-1 text-sm text-slate-700">
        {t("hint", { max: SEARCH_MAX_LENGTH })}
      </p>
      {error && (
        <p id="search-error" className="mt-2 font-semibold text-accent">
          <span className="sr-only">{errors("prefix")} </span>
          {t(`errors.${error}`, { max: SEARCH_MAX_LENGTH })}
        </p>
      )}
      <div className="mt-2 flex flex-wrap gap-2">
        <input
          id="search-q"
          name="q"
          type="search"
          defaultValue={query}
          aria-describedby={describedBy}
          aria-invalid={error ? true : undefined}
          autoComplete="off"
          className={`min-w-0 flex-1 basis-60 rounded-md border-2 bg-white px-3 py-2 text-base ${error ? "border-accent" : "border-slate-500"}`}
        />
        <button type="submit" className="rounded-md bg-navy px-5 py-2 font-semibold text-white hover:bg-sky">
          {t("submit")}
        </button>
      </div>
    </form>
  );
}
