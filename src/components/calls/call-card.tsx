import { getTranslations } from "next-intl/server";
import { CallDates } from "@/components/opportunities/call-dates";
import { LocalizedText } from "@/components/ui/localized-text";
import { StatusBadge } from "@/components/ui/status-badge";
import { Link } from "@/i18n/link";
import type { CallStageDto, OpportunitySummary } from "@/lib/validation/public-data";
import { CallInstant } from "./call-instant";
import { opportunityPath } from "@/lib/site";
import { DemonstrationLabel } from "./demonstration-notice";
import { TimeLeft } from "./time-left";

type Matter = { stage: CallStageDto; edge: "opens" | "closes" };

/**
 * The stage a visitor needs to know about: while open, the one anyone may enter (else the open one); while
 * upcoming, the next to open; once closed, the last one anyone could enter, as invited stages are no one's deadline.
 */
export function stageThatMatters(call: OpportunitySummary): Matter | null {
  const { stages } = call;
  if (call.status === "OPEN") {
    const stage = stages.find((s) => s.state === "open" && s.entry === "ANYONE") ?? stages.find((s) => s.state === "open");
    return stage ? { stage, edge: "closes" } : null;
  }
  if (call.status === "UPCOMING") {
    const stage = stages.find((s) => s.state === "upcoming");
    return stage ? { stage, edge: "opens" } : null;
  }
  const closed = stages.filter((s) => s.closesAt);
  const stage = closed.findLast((s) => s.entry === "ANYONE") ?? closed.at(-1);
  return stage ? { stage, edge: "closes" } : null;
}

/** A call in the calls index: status, what it belongs to, and the date that matters now. */
export async function CallCard({ call, locale }: { call: OpportunitySummary; locale: string }) {
  const [t, kind] = await Promise.all([getTranslations("Calls"), getTranslations("Kind")]);
  const matter = stageThatMatters(call);
  const at = matter ? (matter.edge === "opens" ? matter.stage.opensAt : matter.stage.closesAt) : null;
  const key = !matter
    ? null
    : matter.edge === "opens"
      ? at ? "card.opens" : "card.openingNotAnnounced"
      : call.status === "OPEN"
        ? at ? "card.closes" : "card.noClosing"
        : "card.closed";
  return (
    <article className="flex h-full w-full flex-col rounded-xl border border-slate-200 bg-white p-5 shadow-sm" data-call={call.slug}>
      <div className="flex flex-wrap items-center gap-2">
        <StatusBadge status={call.status} />
        {call.demonstration && <DemonstrationLabel />}
        <span className="text-sm text-slate-700">{kind(call.kind)}</span>
      </div>
      <h3 className="mt-3 text-xl font-bold">
        <Link href={opportunityPath(call.slug)}>
          <LocalizedText value={call.title} locale={locale} />
        </Link>
      </h3>
      <p className="mt-1 text-sm text-slate-700">
        {t.rich("card.mission", { name: () => <LocalizedText value={call.mission.name} locale={locale} /> })}
      </p>
      <div className="mt-3 text-sm text-slate-800">
        {matter && key ? (
          <p>
            {t.rich(key, {
              stage: () => (
                <span className="font-semibold">
                  <LocalizedText value={matter.stage.title} locale={locale} />
                </span>
              ),
              when: () => <CallInstant at={at} precision={matter.edge === "opens" ? matter.stage.opensPrecision : matter.stage.closesPrecision} edge={matter.edge} timeZone={call.timeZone} />,
            })}
          </p>
        ) : (
          <CallDates opportunity={call} locale={locale} />
        )}
        {call.status === "OPEN" && matter?.stage.closesAt && <TimeLeft until={matter.stage.closesAt} className="mt-1" />}
      </div>
    </article>
  );
}
