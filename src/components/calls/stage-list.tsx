import { getLocale, getTranslations } from "next-intl/server";
import { LocalizedText } from "@/components/ui/localized-text";
import type { CallStageDto } from "@/lib/validation/public-data";
import { CallInstant } from "./call-instant";
import { TimeLeft } from "./time-left";

export const STAGE_STATE_STYLES = {
  upcoming: "bg-amber-100 text-amber-900 ring-amber-700/30",
  open: "bg-emerald-100 text-emerald-900 ring-emerald-700/30",
  closed: "bg-slate-200 text-slate-800 ring-slate-600/30",
} as const;

const edgeStyles = { upcoming: "border-s-amber-500", open: "border-s-emerald-600", closed: "border-s-slate-400" } as const;

/**
 * A call's stages in order, each with its opening and closing in the call's zone (exact instants also in the
 * reader's), who may submit to it, whether it is open now and, while it is, the time left.
 */
export async function StageList({ stages, timeZone, headingLevel = 3 }: { stages: CallStageDto[]; timeZone: string; headingLevel?: 3 | 4 }) {
  const [t, locale] = await Promise.all([getTranslations("Calls"), getLocale()]);
  if (stages.length === 0) return <p className="mt-3 text-slate-800">{t("noStages")}</p>;
  const Heading = headingLevel === 3 ? "h3" : "h4";
  return (
    <ol className="mt-4 space-y-3">
      {stages.map((s, i) => (
        <li key={s.position} data-stage-state={s.state} className={`rounded-lg border border-s-4 border-slate-200 ${edgeStyles[s.state]} bg-white p-4`}>
          <div className="flex flex-wrap items-center justify-between gap-2">
            <div>
              {stages.length > 1 && <p className="text-xs font-semibold uppercase tracking-wide text-slate-600">{t("stageNumber", { number: i + 1 })}</p>}
              <Heading className="text-lg font-bold">
                <LocalizedText value={s.title} locale={locale} />
              </Heading>
            </div>
            <span className={`inline-flex items-center rounded-full px-3 py-0.5 text-sm font-semibold ring-1 ring-inset ${STAGE_STATE_STYLES[s.state]}`}>
              {t(`state.${s.state}`)}
            </span>
          </div>
          <dl className="mt-3 grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]">
            <dt className="font-semibold text-slate-700">{t("opening")}</dt>
            <dd className="mb-1 sm:mb-0">
              <CallInstant at={s.opensAt} precision={s.opensPrecision} edge="opens" timeZone={timeZone} readerTime />
            </dd>
            <dt className="font-semibold text-slate-700">{t("closing")}</dt>
            <dd className="mb-1 sm:mb-0">
              <CallInstant at={s.closesAt} precision={s.closesPrecision} edge="closes" timeZone={timeZone} readerTime />
            </dd>
            <dt className="font-semibold text-slate-700">{t("entryLabel")}</dt>
            <dd>{t(`entry.${s.entry}`)}</dd>
          </dl>
          {s.state === "open" && s.closesAt && <TimeLeft until={s.closesAt} className="mt-2 text-sm" />}
        </li>
      ))}
    </ol>
  );
}
