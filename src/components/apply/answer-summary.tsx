import { getFormatter, getTranslations } from "next-intl/server";
import { Link } from "@/i18n/link";
import { countryName } from "@/lib/localize";
import type { ApplicantView } from "@/server/applications/service";

type Answers = Record<string, unknown> | undefined;

/** GOV.UK's "check your answers": every answer per step, each with a change link while the draft is editable. */
export async function AnswerSummary({ view, token, locale }: { view: ApplicantView; token: string; locale: string }) {
  const [t, types, carriers, format] = await Promise.all([
    getTranslations("Apply"),
    getTranslations("InstitutionType"),
    getTranslations("Carrier"),
    getFormatter(),
  ]);
  const lead = view.answers.lead as Answers;
  const payload = view.answers.payload as Answers;
  const science = view.answers.science as Answers;
  const str = (v: unknown) => (v === undefined || v === null || v === "" ? null : String(v));
  const participants = ((lead?.participants as { name: string; country: string }[] | undefined) ?? []).map(
    (p) => t("participantWithCountry", { name: p.name, country: countryName(p.country, locale) }),
  );
  const sections: { step: string; rows: { key: string; label: string; value: string | null }[] }[] = [
    {
      step: "lead",
      rows: [
        { key: "institutionName", label: t("institutionName"), value: str(lead?.institutionName) },
        { key: "institutionType", label: t("institutionType"), value: lead?.institutionType ? types(lead.institutionType as "UNIVERSITY") : null },
        { key: "country", label: t("country"), value: lead?.country ? countryName(String(lead.country), locale) : null },
        { key: "contactName", label: t("contactName"), value: str(lead?.contactName) },
        { key: "contactEmail", label: t("contactEmail"), value: str(lead?.contactEmail) },
        { key: "contactPhone", label: t("contactPhone"), value: str(lead?.contactPhone) },
        { key: "participants", label: t("participantsHeading"), value: participants.length ? participants.join("; ") : null },
      ],
    },
    {
      step: "payload",
      rows: [
        { key: "payloadName", label: t("payloadName"), value: str(payload?.payloadName) },
        { key: "payloadKind", label: t("payloadKind"), value: payload?.payloadKind ? t(`payloadKinds.${payload.payloadKind as "OTHER"}`) : null },
        { key: "carrier", label: t("carrier"), value: payload?.carrier ? carriers(payload.carrier as "ORBITER") : null },
        { key: "massKg", label: t("massKg"), value: payload?.massKg !== undefined ? t("kg", { value: format.number(Number(payload.massKg)) }) : null },
        { key: "peakPowerW", label: t("peakPowerW"), value: str(payload?.peakPowerW) },
        { key: "averagePowerW", label: t("averagePowerW"), value: str(payload?.averagePowerW) },
        {
          key: "dimensions",
          label: t("dimensions"),
          value: payload?.lengthMm ? `${payload.lengthMm} × ${payload.widthMm} × ${payload.heightMm}` : null,
        },
        { key: "dataVolumeMbPerDay", label: t("dataVolumeMbPerDay"), value: str(payload?.dataVolumeMbPerDay) },
        { key: "pointingNeeds", label: t("pointingNeeds"), value: str(payload?.pointingNeeds) },
        { key: "thermalNeeds", label: t("thermalNeeds"), value: str(payload?.thermalNeeds) },
        { key: "trl", label: t("trl"), value: str(payload?.trl) },
        { key: "heritage", label: t("heritage"), value: str(payload?.heritage) },
      ],
    },
    {
      step: "science",
      rows: [
        {
          key: "objectives",
          label: t("objectives"),
          value: ((science?.objectives as string[] | undefined) ?? []).map((o) => t(`objectiveOptions.${o as "OTHER"}`)).join(", ") || null,
        },
        { key: "otherObjective", label: t("otherObjective"), value: str(science?.otherObjective) },
        { key: "expectedResults", label: t("expectedResults"), value: str(science?.expectedResults) },
        { key: "dataSharing", label: t("dataSharing"), value: str(science?.dataSharing) },
      ],
    },
    {
      step: "attachments",
      rows: view.attachments.map((a) => ({ key: a.id, label: t(`attachmentKinds.${a.kind as "LETTER_OF_SUPPORT"}`), value: a.fileName })),
    },
  ];
  return (
    <>
      {sections.map((section) => (
        <section key={section.step} aria-labelledby={`summary-${section.step}`} className="mb-8 max-w-3xl">
          <h2 id={`summary-${section.step}`} className="text-xl font-bold">
            {t(`steps.${section.step as "lead"}`)}
          </h2>
          <dl className="mt-2 divide-y divide-slate-200 border-y border-slate-200">
            {section.rows.length === 0 && (
              <div className="py-3">
                <dt className="sr-only">{t(`steps.${section.step as "lead"}`)}</dt>
                <dd>{t("notAnswered")}</dd>
              </div>
            )}
            {section.rows.map((row, i) => (
              <div key={row.key} className="grid gap-1 py-3 sm:grid-cols-[14rem_1fr_auto] sm:gap-4">
                <dt className="font-semibold">{row.label}</dt>
                <dd className="whitespace-pre-line break-words">{row.value ?? <span className="text-slate-700">{t("notAnswered")}</span>}</dd>
                <dd>
                  {view.editable && (i === 0 || section.step !== "attachments") && (
                    <Link href={`/applications/${token}/${section.step}${section.step === "attachments" ? "" : "?returnTo=check"}`}>
                      {t("change")}
                      <span className="sr-only"> {row.label}</span>
                    </Link>
                  )}
                </dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
    </>
  );
}
