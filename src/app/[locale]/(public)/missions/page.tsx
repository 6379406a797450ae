import { getTranslations, setRequestLocale } from "next-intl/server";
import { LastUpdated } from "@/components/ui/last-updated";
import { LocalizedText } from "@/components/ui/localized-text";
import { PageHeading } from "@/components/ui/page-heading";
import { Link } from "@/i18n/link";
import { latestOf } from "@/lib/dates";
import { listMissions } from "@/server/queries/missions";
import { metadataFromMessages } from "../page-metadata";

type Props = { params: Promise<{ locale: string }> };

export const generateMetadata = metadataFromMessages("Missions", "/missions");

export default async function MissionsPage({ params }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const [missions, t, body, status] = await Promise.all([
    listMissions(),
    getTranslations("Missions"),
    getTranslations("Body"),
    getTranslations("MissionStatus"),
  ]);
  return (
    <>
      <PageHeading title={t("title")} lead={t("description")} />
      <ul className="mt-8 grid gap-4 sm:grid-cols-2">
        {missions.map((mission) => (
          <li key={mission.slug} className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
            <h2 className="text-xl font-bold">
              <Link href={`/missions/${mission.slug}`}>
                <LocalizedText value={mission.name} locale={locale} />
              </Link>
            </h2>
            <dl className="mt-3 grid grid-cols-3 gap-2 text-sm">
              <div>
                <dt className="text-slate-700">{t("target")}</dt>
                <dd className="font-semibold">{body(mission.body)}</dd>
              </div>
              <div>
                <dt className="text-slate-700">{t("status")}</dt>
                <dd className="font-semibold">{status(mission.status)}</dd>
              </div>
              <div>
                <dt className="text-slate-700">{t("launch")}</dt>
                <dd className="font-semibold">
                  {mission.launchWindow ? <LocalizedText value={mission.launchWindow} locale={locale} /> : t("unknown")}
                </dd>
              </div>
            </dl>
          </li>
        ))}
      </ul>
      <LastUpdated at={latestOf(missions)} />
    </>
  );
}
