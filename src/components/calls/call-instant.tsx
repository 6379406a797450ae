import { getLocale, getTranslations } from "next-intl/server";
import { type Edge, describeInstant, intlZoneName, isBeijingTime, type Precision } from "./instant-format";
import { ReaderTime } from "./reader-time";

/**
 * A stage's opening or closing as the call announced it: in the call's zone, named; a day, month or year alone where
 * only that was announced; "not announced" where nothing was. With `readerTime`, an exact instant is also given in
 * the reader's own zone, filled in by the browser.
 */
export async function CallInstant({
  at,
  precision,
  edge,
  timeZone,
  readerTime = false,
}: {
  at: string | null;
  precision: Precision;
  edge: Edge;
  timeZone: string;
  readerTime?: boolean;
}) {
  const [t, locale] = await Promise.all([getTranslations("Calls"), getLocale()]);
  if (!at) return <>{t("notAnnounced")}</>;
  const { text, dateTime } = describeInstant(at, precision, edge, timeZone, locale);
  if (precision === "MONTH" || precision === "YEAR") return <time dateTime={dateTime}>{text}</time>;
  const zone = isBeijingTime(timeZone) ? t("beijingTime") : intlZoneName(timeZone, locale);
  return (
    <>
      {t.rich("zoned", {
        date: text,
        zone,
        time: (chunks) => <time dateTime={dateTime}>{chunks}</time>,
      })}
      {readerTime && precision === null && (
        <ReaderTime at={dateTime} callZone={timeZone} locale={locale} template={t("readerTime", { time: "{time}" })} />
      )}
    </>
  );
}
