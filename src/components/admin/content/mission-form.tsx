"use client";

import { useTranslations } from "next-intl";
import { ChoiceGroup, TextField } from "@/components/forms/fields";
import { missionStatusSchema, targetBodySchema } from "@/lib/validation/public-data";
import { saveContentAction } from "@/server/actions/admin/content";
import { BilingualFields, CheckboxList, fieldState, type Option, RecordForm, type Saved } from "./fields";

export interface MissionFormData {
  id: string;
  version: string;
  slug: string;
  nameEn: string;
  nameZh: string;
  body: string;
  status: string;
  launchWindowEn: string | null;
  launchWindowZh: string | null;
  landingSiteEn: string | null;
  landingSiteZh: string | null;
  sourceIds: string[];
}

/** Creates a mission (without `saved`) or edits one. */
export function MissionForm({ saved, sources }: { saved?: MissionFormData; sources: Option[] }) {
  const t = useTranslations("Content");
  const tc = useTranslations("Content.fields");
  const body = useTranslations("Body");
  const status = useTranslations("MissionStatus");
  const labels = {
    nameEn: tc("nameEn"),
    nameZh: tc("nameZh"),
    slug: tc("slug"),
    body: tc("body"),
    status: tc("missionStatus"),
    launchWindowEn: tc("launchWindowEn"),
    launchWindowZh: tc("launchWindowZh"),
    landingSiteEn: tc("landingSiteEn"),
    landingSiteZh: tc("landingSiteZh"),
    sourceIds: tc("sources"),
  };
  const data = saved as Saved;
  return (
    <RecordForm
      action={saveContentAction}
      hidden={{ contentKind: "missions", id: saved?.id, version: saved?.version }}
      labels={labels}
      submitLabel={saved ? t("common.saveChanges") : t("common.create")}
    >
      {(state) => {
        const f = fieldState(state, data);
        return (
          <>
            <BilingualFields names={["nameEn", "nameZh"]} labels={labels} state={state} saved={data} />
            <TextField name="slug" label={labels.slug} hint={tc("slugHint")} error={f.error("slug")} defaultValue={f.value("slug")} />
            <ChoiceGroup
              name="body"
              legend={labels.body}
              inline
              error={f.error("body")}
              defaultValue={f.value("body")}
              options={targetBodySchema.options.map((value) => ({ value, label: body(value) }))}
            />
            <ChoiceGroup
              name="status"
              legend={labels.status}
              error={f.error("status")}
              defaultValue={f.value("status")}
              options={missionStatusSchema.options.map((value) => ({ value, label: status(value) }))}
            />
            <BilingualFields names={["launchWindowEn", "launchWindowZh"]} labels={labels} state={state} saved={data} />
            <BilingualFields names={["landingSiteEn", "landingSiteZh"]} labels={labels} state={state} saved={data} />
            <CheckboxList name="sourceIds" legend={labels.sourceIds} hint={tc("sourcesHint")} options={sources} state={state} saved={saved?.sourceIds ?? []} />
          </>
        );
      }}
    </RecordForm>
  );
}
