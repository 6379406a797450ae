import { getTranslations } from "next-intl/server";
import { Fragment } from "react";
import { CallInstant } from "@/components/calls/call-instant";
import { LocalizedText } from "@/components/ui/localized-text";
import { Link } from "@/i18n/link";
import { formatDay, formatPartialDate, pickText } from "@/lib/localize";
import type { SourceDto } from "@/lib/validation/public-data";
import type { TimelineEntry } from "@/server/queries/timeline";
import { dateTimeAttribute, entryState } from "./timeline-dates";

const dotClass = {
  past: "border-navy bg-navy",
  current: "border-navy bg-amber-400",
  future: "border-sky bg-white",
} as const;

/**
 * The timeline itself: an ordered list in date order, drawn as a line with a dot per entry, and a "Today" entry
 * where today falls. Entries whose month or year contains today come before it.
 */
export async function TimelineList({ entries, today, locale }: { entries: TimelineEntry[]; today: string; locale: string }) {
  const t = await getTranslations("Explore.timeline");
  const todayIndex = entries.filter((e) => e.date.date <= today).length;
  const todayItem = (
    <li key="today" aria-current="date" data-testid="timeline-today" data-date={today} className="relative py-3 ps-8">
      <span aria-hidden="true" className="absolute -start-[3px] top-1/2 h-1 w-6 -translate-y-1/2 rounded bg-accent" />
      <span className="inline-block rounded bg-accent px-3 py-1 text-sm font-bold text-white">
        <time dateTime={today}>{t("today", { date: formatDay(today, locale) })}</time>
      </span>
    </li>
  );

  return (
    <ol aria-label={t("listLabel")} className="relative mt-6 ms-2 border-s-2 border-slate-300" data-testid="timeline">
      {entries.map((entry, i) => {
        const state = entryState(entry.date, today);
        const when = formatPartialDate(entry.date, locale);
        return (
          <Fragment key={entry.key}>
            {i === todayIndex && todayItem}
            <li className="relative pb-6 ps-8" data-entry={entry.key} data-date={entry.date.date} data-state={state} data-kind={entry.kind}>
              <span aria-hidden="true" className={`absolute -start-[9px] top-1.5 h-4 w-4 rounded-full border-2 ${dotClass[state]}`} />
              <p className="flex flex-wrap items-center gap-2 text-sm font-semibold text-slate-700">
                {entry.kind === "stageOpens" || entry.kind === "stageCloses" ? (
                  // As the call announced it: the exact time in its zone, or only the day or month.
                  <span>
                    <CallInstant at={entry.at} precision={entry.precision} edge={entry.kind === "stageOpens" ? "opens" : "closes"} timeZone={entry.timeZone} />
                  </span>
                ) : (
                  <time dateTime={dateTimeAttribute(entry.date)}>{entry.approximate ? t("approximate", { date: when }) : when}</time>
                )}
                {entry.approximate && (
                  <span className="rounded border border-slate-400 px-1.5 text-xs font-normal text-slate-700">{t("approximateBadge")}</span>
                )}
                <span className="sr-only">({t("state", { state })})</span>
              </p>
              <p className="mt-0.5 text-base font-semibold text-ink sm:text-lg">
                {entry.kind === "milestone" ? (
                  <LocalizedText value={entry.label} locale={locale} />
                ) : entry.kind === "stageOpens" || entry.kind === "stageCloses" ? (
                  <Link href={`/opportunities/${entry.opportunity.slug}`}>
                    {t(entry.kind, { title: pickText(entry.opportunity.name, locale), stage: pickText(entry.stage.title, locale), state })}
                  </Link>
                ) : (
                  <Link href={`/opportunities/${entry.opportunity.slug}`}>
                    {t(entry.kind, { title: pickText(entry.opportunity.name, locale), state })}
                  </Link>
                )}
              </p>
              {(entry.kind === "stageOpens" || entry.kind === "stageCloses") && entry.stage.entry === "INVITED" && (
                <p className="mt-0.5 text-sm text-slate-700">{t("invitedOnly")}</p>
              )}
              {entry.kind === "milestone" && (
                <p className="mt-0.5 flex flex-wrap gap-x-3 text-sm text-slate-700">
                  {entry.mission && (
                    <Link href={`/missions/${entry.mission.slug}`}>
                      <LocalizedText value={entry.mission.name} locale={locale} />
                    </Link>
                  )}
                  {entry.opportunity && (
                    <Link href={`/opportunities/${entry.opportunity.slug}`}>
                      <LocalizedText value={entry.opportunity.name} locale={locale} />
                    </Link>
                  )}
                  {entry.source && <SourceNote source={entry.source} />}
                </p>
              )}
            </li>
          </Fragment>
        );
      })}
      {todayIndex === entries.length && todayItem}
    </ol>
  );
}

async function SourceNote({ source }: { source: SourceDto }) {
  const t = await getTranslations("Explore.timeline");
  const { url, label } = source;
  return (
    <span>
      {url
        ? t.rich("source", {
            label,
            source: (chunks) => (
              <a href={url} rel="noopener noreferrer external">
                {chunks}
              </a>
            ),
          })
        : t.rich("sourceDocument", { label, source: (chunks) => <span lang="en">{chunks}</span> })}
    </span>
  );
}
