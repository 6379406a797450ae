import { getTranslations } from "next-intl/server";
import { ClientMessages } from "@/i18n/client-messages";
import { PanelSection } from "../record-table";
import { FactsForm } from "./facts-form";
import { Bilingual, CONTENT_FORM_MESSAGES } from "./page-parts";

/** A mission's or an opportunity's facts: the form for staff who may edit, else the list. */
export async function FactsSection({
  owner,
  record,
  canWrite,
}: {
  owner: "mission" | "opportunity";
  record: { id: string; version: string; facts: { position: number; textEn: string; textZh: string | null }[] };
  canWrite: boolean;
}) {
  const t = await getTranslations(owner === "mission" ? "Content.missions" : "Content.opportunities");
  return (
    <PanelSection id="facts" title={t("facts")} hint={canWrite ? t("factsHint") : undefined}>
      {canWrite ? (
        <ClientMessages namespaces={CONTENT_FORM_MESSAGES}>
          <FactsForm owner={owner} id={record.id} version={record.version} facts={record.facts} submitLabel={t("saveFacts")} />
        </ClientMessages>
      ) : record.facts.length === 0 ? (
        <p>{t("noFacts")}</p>
      ) : (
        <ol className="list-decimal space-y-2 pl-6">
          {record.facts.map((fact) => (
            <li key={fact.position}>
              <Bilingual en={fact.textEn} zh={fact.textZh} />
            </li>
          ))}
        </ol>
      )}
    </PanelSection>
  );
}
