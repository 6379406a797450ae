import { pick } from "@/lib/localize";
import type { Localized } from "@/lib/validation/public-data";

/** Text in the page's language; the English original, marked lang="en", where no translation was published. */
export function LocalizedText({ value, locale }: { value: Localized; locale: string }) {
  const { text, lang, fallback } = pick(value, locale);
  // dir="ltr" keeps an English name's punctuation in place inside a right-to-left page.
  return fallback ? (
    <span lang={lang} dir="ltr">
      {text}
    </span>
  ) : (
    <>{text}</>
  );
}
