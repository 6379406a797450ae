"use client";

import { useTranslations } from "next-intl";
import { ChoiceGroup, TextField } from "@/components/forms/fields";
import { partnerRoleSchema } from "@/lib/validation/admin/content";
import { institutionTypeSchema, projectKindSchema } from "@/lib/validation/public-data";
import { saveContentAction } from "@/server/actions/admin/content";
import { BilingualFields, fieldState, type Option, RecordForm, SelectField, type Saved } from "./fields";

export interface InstitutionFormData {
  id: string;
  version: string;
  slug: string;
  nameEn: string;
  nameZh: string | null;
  type: string;
  countryCode: string | null;
}

export function InstitutionForm({ saved }: { saved?: InstitutionFormData }) {
  const t = useTranslations("Content");
  const tc = useTranslations("Content.fields");
  const type = useTranslations("InstitutionType");
  const labels: Record<string, string> = {
    nameEn: tc("nameEn"),
    nameZh: tc("nameZh"),
    slug: tc("slug"),
    type: tc("institutionType"),
    countryCode: tc("countryCode"),
  };
  const data = saved as Saved;
  return (
    <RecordForm action={saveContentAction} hidden={{ contentKind: "institutions", id: saved?.id, version: saved?.version }} labels={labels} submitLabel={saved ? t("common.saveChanges") : t("common.create")}>
      {(state) => {
        const f = fieldState(state, data);
        return (
          <>
            <BilingualFields names={["nameEn", "nameZh"]} labels={labels} state={state} saved={data} />
            <TextField name="slug" label={labels.slug} hint={tc("slugHint")} error={f.error("slug")} defaultValue={f.value("slug")} />
            <ChoiceGroup
              name="type"
              legend={labels.type}
              error={f.error("type")}
              defaultValue={f.value("type")}
              options={institutionTypeSchema.options.map((value) => ({ value, label: type(value) }))}
            />
            <TextField
              name="countryCode"
              label={labels.countryCode}
              hint={tc("countryHint")}
              width="short"
              autoComplete="off"
              error={f.error("countryCode")}
              defaultValue={f.value("countryCode")}
            />
          </>
        );
      }}
    </RecordForm>
  );
}

export interface ProjectFormData {
  id: string;
  version: string;
  slug: string;
  opportunityId: string;
  position: number;
  titleEn: string;
  titleZh: string;
  kind: string;
  partners: { institutionId: string; role: string; position: number }[];
}

const NEW_PARTNER_ROWS = 3;

/** A project and its partners: institution, role and order on each row; rows left on "None" are not partners. */
export function ProjectForm({ saved, opportunities, institutions }: { saved?: ProjectFormData; opportunities: Option[]; institutions: Option[] }) {
  const t = useTranslations("Content");
  const tc = useTranslations("Content.fields");
  const kind = useTranslations("ProjectKind");
  const tErrors = useTranslations("Errors");
  const rows = (saved?.partners.length ?? 0) + NEW_PARTNER_ROWS;
  const labels: Record<string, string> = {
    titleEn: tc("titleEn"),
    titleZh: tc("titleZh"),
    slug: tc("slug"),
    opportunityId: tc("opportunity"),
    position: tc("position"),
    kind: tc("projectKind"),
    partners: tc("partners"),
  };
  for (let i = 0; i < rows; i++) {
    labels[`partners.${i}.institutionId`] = tc("partnerInstitution", { n: i + 1 });
    labels[`partners.${i}.role`] = tc("partnerRole", { n: i + 1 });
    labels[`partners.${i}.position`] = tc("partnerPosition", { n: i + 1 });
  }
  const data = saved
    ? ({
        ...saved,
        position: String(saved.position),
        partners: saved.partners.map((p) => ({ ...p, position: String(p.position) })),
      } as Saved)
    : undefined;
  const roles = partnerRoleSchema.options.map((value) => ({ value, label: tc(`role.${value}`) }));
  return (
    <RecordForm action={saveContentAction} hidden={{ contentKind: "projects", id: saved?.id, version: saved?.version }} labels={labels} submitLabel={saved ? t("common.saveChanges") : t("common.create")}>
      {(state) => {
        const f = fieldState(state, data);
        return (
          <>
            <BilingualFields names={["titleEn", "titleZh"]} labels={labels} state={state} saved={data} />
            <TextField name="slug" label={labels.slug} hint={tc("slugHint")} error={f.error("slug")} defaultValue={f.value("slug")} />
            <SelectField name="opportunityId" label={tc("opportunity")} options={opportunities} state={state} saved={data} blank={tc("choose")} />
            <ChoiceGroup
              name="kind"
              legend={labels.kind}
              error={f.error("kind")}
              defaultValue={f.value("kind")}
              options={projectKindSchema.options.map((value) => ({ value, label: kind(value) }))}
            />
            <TextField name="position" label={labels.position} hint={tc("positionHint")} inputMode="numeric" width="short" error={f.error("position")} defaultValue={f.value("position") ?? "0"} />
            <fieldset id="field-partners" tabIndex={-1} className="mb-6 border-t border-slate-300 pt-4">
              <legend className="text-lg font-bold">{labels.partners}</legend>
              <p className="mb-3 text-sm text-slate-700">{tc("partnersHint")}</p>
              {f.error("partners") && <p className="font-semibold text-accent">{tErrors(f.error("partners")!)}</p>}
              {Array.from({ length: rows }, (_, i) => (
                <div key={i} className="grid gap-x-4 border-b border-slate-200 pt-2 sm:grid-cols-[1fr_10rem_8rem]">
                  <SelectField name={`partners.${i}.institutionId`} label={labels[`partners.${i}.institutionId`] ?? ""} options={institutions} state={state} saved={data} blank={tc("none")} />
                  <SelectField name={`partners.${i}.role`} label={labels[`partners.${i}.role`] ?? ""} options={roles} state={state} saved={data} />
                  <TextField
                    name={`partners.${i}.position`}
                    label={labels[`partners.${i}.position`] ?? ""}
                    inputMode="numeric"
                    error={f.error(`partners.${i}.position`)}
                    defaultValue={f.value(`partners.${i}.position`) ?? String(i)}
                  />
                </div>
              ))}
            </fieldset>
          </>
        );
      }}
    </RecordForm>
  );
}

export interface AwardFormData {
  id: string;
  version: string;
  opportunityId: string;
  institutionId: string;
}

export function AwardForm({ saved, opportunities, institutions }: { saved?: AwardFormData; opportunities: Option[]; institutions: Option[] }) {
  const t = useTranslations("Content");
  const tc = useTranslations("Content.fields");
  const labels = { opportunityId: tc("opportunity"), institutionId: tc("institution") };
  const data = saved as Saved;
  return (
    <RecordForm action={saveContentAction} hidden={{ contentKind: "awards", id: saved?.id, version: saved?.version }} labels={labels} submitLabel={saved ? t("common.saveChanges") : t("common.create")}>
      {(state) => (
        <>
          <SelectField name="opportunityId" label={tc("opportunity")} options={opportunities} state={state} saved={data} blank={tc("choose")} />
          <SelectField name="institutionId" label={labels.institutionId} options={institutions} state={state} saved={data} blank={tc("choose")} />
        </>
      )}
    </RecordForm>
  );
}

export interface SourceFormData {
  id: string;
  version: string;
  reference: string;
  label: string;
  url: string | null;
}

export function SourceForm({ saved }: { saved?: SourceFormData }) {
  const t = useTranslations("Content");
  const tc = useTranslations("Content.fields");
  const labels = { reference: tc("reference"), label: tc("label"), url: tc("url") };
  const data = saved as Saved;
  return (
    <RecordForm action={saveContentAction} hidden={{ contentKind: "sources", id: saved?.id, version: saved?.version }} labels={labels} submitLabel={saved ? t("common.saveChanges") : t("common.create")}>
      {(state) => {
        const f = fieldState(state, data);
        return (
          <>
            <TextField name="reference" label={labels.reference} hint={tc("referenceHint")} error={f.error("reference")} defaultValue={f.value("reference")} />
            <TextField name="label" label={labels.label} error={f.error("label")} defaultValue={f.value("label")} />
            <TextField name="url" type="url" label={labels.url} hint={tc("urlHint")} error={f.error("url")} defaultValue={f.value("url")} />
          </>
        );
      }}
    </RecordForm>
  );
}
