import { getTranslations } from "next-intl/server";
import { ClientMessages } from "@/i18n/client-messages";
import { Link } from "@/i18n/link";
import type { ContentKind } from "@/lib/content-kinds";
import { listAwardsWithoutAgreement } from "@/server/content/awards";
import { listInstitutionOptions } from "@/server/content/institutions";
import { listMissionOptions } from "@/server/content/missions";
import { listOpportunityOptions } from "@/server/content/opportunities";
import type { ContentDetail } from "@/server/content/repository";
import { listSourceOptions } from "@/server/content/sources";
import { AgreementForm } from "./agreement-forms";
import { MissionForm } from "./mission-form";
import { OpportunityForm } from "./opportunity-forms";
import { CONTENT_FORM_MESSAGES, localName } from "./page-parts";
import { AwardForm, InstitutionForm, ProjectForm, SourceForm } from "./record-forms";

// Each kind's one form, with the choices it offers (missions, sources, institutions...) loaded for it.

const sourceChoices = async () => (await listSourceOptions()).map((s) => ({ value: s.id, label: `${s.label} — ${s.reference}` }));
const opportunityChoices = async (kind: "SAMPLE_LOAN" | "PAYLOAD_SELECTION", locale: string) =>
  (await listOpportunityOptions(kind)).map((o) => ({ value: o.id, label: localName(o.titleEn, o.titleZh, locale) }));
const institutionChoices = async (locale: string) =>
  (await listInstitutionOptions()).map((i) => ({ value: i.id, label: localName(i.nameEn, i.nameZh, locale) }));

async function FormFor({ kind, saved, locale, award }: FormProps) {
  switch (kind) {
    case "missions":
      return <MissionForm saved={saved as ContentDetail<"missions">} sources={await sourceChoices()} />;
    case "opportunities": {
      const [missions, sources] = await Promise.all([listMissionOptions(), sourceChoices()]);
      return (
        <OpportunityForm
          saved={saved as ContentDetail<"opportunities">}
          missions={missions.map((m) => ({ value: m.id, label: localName(m.nameEn, m.nameZh, locale) }))}
          sources={sources}
        />
      );
    }
    case "institutions":
      return <InstitutionForm saved={saved as ContentDetail<"institutions">} />;
    case "projects": {
      const [opportunities, institutions] = await Promise.all([opportunityChoices("PAYLOAD_SELECTION", locale), institutionChoices(locale)]);
      return <ProjectForm saved={saved as ContentDetail<"projects">} opportunities={opportunities} institutions={institutions} />;
    }
    case "awards": {
      const [opportunities, institutions] = await Promise.all([opportunityChoices("SAMPLE_LOAN", locale), institutionChoices(locale)]);
      return <AwardForm saved={saved as ContentDetail<"awards">} opportunities={opportunities} institutions={institutions} />;
    }
    case "agreements":
      return saved ? <AgreementForm saved={saved as ContentDetail<"agreements">} /> : <NewAgreementForm locale={locale} award={award} />;
    case "sources":
      return <SourceForm saved={saved as ContentDetail<"sources">} />;
  }
}

/** A new agreement is for an award that has none yet (?award= preselects one). */
async function NewAgreementForm({ locale, award }: { locale: string; award?: string }) {
  const [t, ta, awards] = await Promise.all([getTranslations("Content.agreements"), getTranslations("Content.awards"), listAwardsWithoutAgreement()]);
  if (awards.length === 0) {
    return (
      <p>
        {t("noAwardsFree")} <Link href="/admin/awards/new">{ta("new")}</Link>
      </p>
    );
  }
  return (
    <AgreementForm
      award={awards.some((a) => a.id === award) ? award : undefined}
      awards={awards.map((a) => ({
        value: a.id,
        label: `${localName(a.institutionNameEn, a.institutionNameZh, locale)} — ${localName(a.opportunityTitleEn, a.opportunityTitleZh, locale)}`,
      }))}
    />
  );
}

interface FormProps {
  kind: ContentKind;
  /** The record being edited; none to create one. */
  saved?: unknown;
  locale: string;
  award?: string;
}

/** The kind's form, to create a record or edit `saved`. */
export function ContentForm(props: FormProps) {
  return (
    <ClientMessages namespaces={CONTENT_FORM_MESSAGES}>
      <FormFor {...props} />
    </ClientMessages>
  );
}
