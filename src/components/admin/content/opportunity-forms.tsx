"use client";

import { useLocale, useTranslations } from "next-intl";
import { type ReactNode, useActionState } from "react";
import { ChoiceGroup, SubmitButton, TextField } from "@/components/forms/fields";
import { initialFormState } from "@/lib/form-state";
import { STAGE_PRECISIONS } from "@/lib/calls/stage-window";
import { datePrecisionSchema, DEFAULT_CALL_TIME_ZONE, stageEntrySchema } from "@/lib/validation/admin/content";
import { carrierSchema, figureKeySchema, opportunityKindSchema, recordedStatusSchema } from "@/lib/validation/public-data";
import {
  addStageAction,
  moveStageAction,
  removeFigureAction,
  removeStageAction,
  saveContentAction,
  setCapacityAction,
  setFigureAction,
  updateStageAction,
} from "@/server/actions/admin/content";
import { BilingualFields, CheckboxList, type FormAction, fieldState, type Option, RecordForm, SelectField, type Saved } from "./fields";

export interface OpportunityFormData {
  id: string;
  version: string;
  slug: string;
  missionId: string;
  kind: string;
  status: string;
  titleEn: string;
  titleZh: string;
  opensOn: string | null;
  opensPrecision: string | null;
  closesOn: string | null;
  closesPrecision: string | null;
  timeZone: string;
  contactEmail: string | null;
  referencePrefix: string | null;
  sourceIds: string[];
}

/** Creates an opportunity or edits one: its call status and dates included. */
export function OpportunityForm({ saved, missions, sources }: { saved?: OpportunityFormData; missions: Option[]; sources: Option[] }) {
  const t = useTranslations("Content");
  const tc = useTranslations("Content.fields");
  const kind = useTranslations("Kind");
  const status = useTranslations("Status");
  const ts = useTranslations("Content.stages");
  const labels = {
    titleEn: tc("titleEn"),
    titleZh: tc("titleZh"),
    slug: tc("slug"),
    missionId: tc("mission"),
    kind: tc("kind"),
    status: tc("callStatus"),
    opensOn: tc("opensOn"),
    opensPrecision: tc("opensPrecision"),
    closesOn: tc("closesOn"),
    closesPrecision: tc("closesPrecision"),
    timeZone: ts("timeZone"),
    contactEmail: ts("contactEmail"),
    referencePrefix: ts("referencePrefix"),
    sourceIds: tc("sources"),
  };
  const data = (saved ?? { timeZone: DEFAULT_CALL_TIME_ZONE }) as Saved;
  const precisions = datePrecisionSchema.options.map((value) => ({ value, label: tc(`precision.${value}`) }));
  return (
    <RecordForm
      action={saveContentAction}
      hidden={{ contentKind: "opportunities", id: saved?.id, version: saved?.version }}
      labels={labels}
      submitLabel={saved ? t("common.saveChanges") : t("common.create")}
    >
      {(state) => {
        const f = fieldState(state, data);
        return (
          <>
            <BilingualFields names={["titleEn", "titleZh"]} labels={labels} state={state} saved={data} />
            <TextField name="slug" label={labels.slug} hint={tc("slugHint")} error={f.error("slug")} defaultValue={f.value("slug")} />
            <SelectField name="missionId" label={labels.missionId} options={missions} state={state} saved={data} blank={tc("choose")} />
            <ChoiceGroup
              name="kind"
              legend={labels.kind}
              error={f.error("kind")}
              defaultValue={f.value("kind")}
              options={opportunityKindSchema.options.map((value) => ({ value, label: kind(value) }))}
            />
            <ChoiceGroup
              name="status"
              legend={labels.status}
              hint={tc("callStatusHint")}
              error={f.error("status")}
              defaultValue={f.value("status")}
              options={recordedStatusSchema.options.map((value) => ({ value, label: status(value) }))}
            />
            <fieldset className="mb-5 border-t border-slate-300 pt-4">
              <legend className="text-lg font-bold">{t("opportunities.dates")}</legend>
              <p className="mb-3 text-sm text-slate-700">{tc("datesHint")}</p>
              <div className="grid gap-x-6 sm:grid-cols-2">
                <TextField name="opensOn" type="date" label={labels.opensOn} error={f.error("opensOn")} defaultValue={f.value("opensOn")} />
                <SelectField name="opensPrecision" label={labels.opensPrecision} options={precisions} state={state} saved={data} />
                <TextField name="closesOn" type="date" label={labels.closesOn} error={f.error("closesOn")} defaultValue={f.value("closesOn")} />
                <SelectField name="closesPrecision" label={labels.closesPrecision} options={precisions} state={state} saved={data} />
              </div>
            </fieldset>
            <TextField name="timeZone" label={labels.timeZone} hint={ts("timeZoneHint")} error={f.error("timeZone")} defaultValue={f.value("timeZone")} />
            <TextField
              name="referencePrefix"
              label={labels.referencePrefix}
              hint={ts("referencePrefixHint")}
              width="short"
              error={f.error("referencePrefix")}
              defaultValue={f.value("referencePrefix")}
            />
            <TextField
              name="contactEmail"
              type="email"
              label={labels.contactEmail}
              hint={ts("contactEmailHint")}
              error={f.error("contactEmail")}
              defaultValue={f.value("contactEmail")}
            />
            <CheckboxList name="sourceIds" legend={labels.sourceIds} hint={tc("sourcesHint")} options={sources} state={state} saved={saved?.sourceIds ?? []} />
          </>
        );
      }}
    </RecordForm>
  );
}

/** Sets one carrier's capacity on an opportunity. */
export function CapacityForm({ id, version }: { id: string; version: string }) {
  const t = useTranslations("Content.opportunities");
  const tc = useTranslations("Content.fields");
  const carrier = useTranslations("Carrier");
  const labels = { carrier: tc("carrier"), massKg: tc("massKg"), maxPerPayloadKg: tc("maxPerPayloadKg") };
  return (
    <RecordForm action={setCapacityAction} hidden={{ id, version }} labels={labels} submitLabel={t("setCapacity")} className="max-w-xl">
      {(state) => {
        const f = fieldState(state, undefined);
        return (
          <>
            <SelectField
              name="carrier"
              label={labels.carrier}
              options={carrierSchema.options.map((value) => ({ value, label: carrier(value) }))}
              state={state}
              saved={undefined}
              blank={tc("choose")}
            />
            <TextField name="massKg" label={labels.massKg} inputMode="decimal" width="short" error={f.error("massKg")} defaultValue={f.value("massKg")} />
            <TextField
              name="maxPerPayloadKg"
              label={labels.maxPerPayloadKg}
              inputMode="decimal"
              width="short"
              error={f.error("maxPerPayloadKg")}
              defaultValue={f.value("maxPerPayloadKg")}
            />
          </>
        );
      }}
    </RecordForm>
  );
}

/** Publishes a result figure (or replaces the one under the same key). */
export function FigureForm({ id, version }: { id: string; version: string }) {
  const t = useTranslations("Content.opportunities");
  const tc = useTranslations("Content.fields");
  const figure = useTranslations("Figure");
  const labels = { key: tc("figureKey"), value: tc("value"), outOf: tc("outOf") };
  return (
    <RecordForm action={setFigureAction} hidden={{ id, version }} labels={labels} submitLabel={t("setFigure")} className="max-w-xl">
      {(state) => {
        const f = fieldState(state, undefined);
        return (
          <>
            <SelectField
              name="key"
              label={labels.key}
              options={figureKeySchema.options.map((value) => ({ value, label: figure(value) }))}
              state={state}
              saved={undefined}
              blank={tc("choose")}
            />
            <TextField name="value" label={labels.value} inputMode="numeric" width="short" error={f.error("value")} defaultValue={f.value("value")} />
            <TextField name="outOf" label={labels.outOf} hint={tc("outOfHint")} inputMode="numeric" width="short" error={f.error("outOf")} defaultValue={f.value("outOf")} />
          </>
        );
      }}
    </RecordForm>
  );
}

/** Removes one figure, after a ticked confirmation; one per row, so its ids carry the figure's. */
export function RemoveFigureForm({ id, version, figureId, figureLabel }: { id: string; version: string; figureId: string; figureLabel: string }) {
  const t = useTranslations("Content.opportunities");
  const tAdmin = useTranslations("AdminList");
  const tErrors = useTranslations("Errors");
  const locale = useLocale();
  const [state, action] = useActionState(removeFigureAction, initialFormState);
  const error = state.fieldErrors?.confirm ?? (state.ok ? undefined : state.message !== "summaryTitle" ? state.message : undefined);
  const box = `remove-figure-${figureId}`;
  return (
    <form action={action} noValidate className="flex flex-wrap items-center gap-3">
      <input type="hidden" name="locale" value={locale} />
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="version" value={version} />
      <input type="hidden" name="figureId" value={figureId} />
      <label htmlFor={box} className="flex items-center gap-2">
        <input id={box} type="checkbox" name="confirm" aria-invalid={error ? true : undefined} aria-describedby={error ? `${box}-error` : undefined} className="h-5 w-5 accent-navy" />
        <span>
          {t("removeFigureConfirm")}
          <span className="sr-only"> ({figureLabel})</span>
        </span>
      </label>
      <SubmitButton pendingLabel={tAdmin("saving")} className="rounded border-2 border-accent px-3 py-1 font-semibold text-accent">
        {t("removeFigure")}
        <span className="sr-only"> {figureLabel}</span>
      </SubmitButton>
      {error && (
        <p id={`${box}-error`} role="alert" className="w-full font-semibold text-accent">
          {tErrors(error)}
        </p>
      )}
    </form>
  );
}

export interface StageFormData {
  stageId: string;
  titleEn: string;
  titleZh: string;
  opens: string;
  opensPrecision: string;
  closes: string;
  closesPrecision: string;
  graceMinutes: string;
  entry: string;
}

/** Adds a stage to a call, or (with `saved`) edits one; its dates are read in the call's zone, named by `zone`. */
export function StageForm({ id, version, zone, saved }: { id: string; version: string; zone: string; saved?: StageFormData }) {
  const t = useTranslations("Content");
  const ts = useTranslations("Content.stages");
  const tc = useTranslations("Content.fields");
  const labels = {
    titleEn: tc("titleEn"),
    titleZh: tc("titleZh"),
    opensPrecision: ts("opensPrecision"),
    opens: ts("opensText"),
    closesPrecision: ts("closesPrecision"),
    closes: ts("closesText"),
    graceMinutes: ts("graceMinutes"),
    entry: ts("entry"),
  };
  const data = (saved ?? { graceMinutes: "0", entry: "ANYONE" }) as Saved;
  const precisions = STAGE_PRECISIONS.map((value) => ({ value, label: ts(`precisions.${value}`) }));
  return (
    <RecordForm
      action={saved ? updateStageAction : addStageAction}
      hidden={{ id, version, stageId: saved?.stageId }}
      labels={labels}
      submitLabel={saved ? t("common.saveChanges") : ts("add")}
    >
      {(state) => {
        const f = fieldState(state, data);
        return (
          <>
            <BilingualFields names={["titleEn", "titleZh"]} labels={labels} state={state} saved={data} />
            <p className="mb-3 text-sm text-slate-700">{ts("datesIntro", { zone })}</p>
            {(["opens", "closes"] as const).map((edge) => (
              <fieldset key={edge} className="mb-2 border-t border-slate-300 pt-4">
                <legend className="text-lg font-bold">{ts(`${edge}Legend`)}</legend>
                {/* Bottom-aligned, so the select and the text box sit on one line whatever the labels' lengths. */}
                <div className="grid gap-x-6 sm:grid-cols-2 sm:items-end">
                  <SelectField name={`${edge}Precision`} label={labels[`${edge}Precision`]} options={precisions} state={state} saved={data} blank={ts("precisions.none")} />
                  <TextField name={edge} label={labels[edge]} hint={ts("dateHint")} error={f.error(edge)} defaultValue={f.value(edge)} />
                </div>
              </fieldset>
            ))}
            <div className="border-t border-slate-300 pt-4">
              <TextField
                name="graceMinutes"
                label={labels.graceMinutes}
                hint={ts("graceHint")}
                inputMode="numeric"
                width="short"
                error={f.error("graceMinutes")}
                defaultValue={f.value("graceMinutes")}
              />
              <ChoiceGroup
                name="entry"
                legend={labels.entry}
                hint={ts("entryHint")}
                error={f.error("entry")}
                defaultValue={f.value("entry")}
                options={stageEntrySchema.options.map((value) => ({ value, label: ts(`entries.${value}`) }))}
              />
            </div>
          </>
        );
      }}
    </RecordForm>
  );
}

/** A small form about one stage (its ids hidden), answering with the reason it was refused, if it was. */
function StagePartForm({
  part,
  action,
  id,
  version,
  stageId,
  className,
  children,
}: {
  part: "move" | "remove";
  action: FormAction;
  id: string;
  version: string;
  stageId: string;
  className: string;
  children: (error: string | undefined, errorId: string) => ReactNode;
}) {
  const locale = useLocale();
  const [state, formAction] = useActionState(action, initialFormState);
  // A field error here is the confirmation box's, or the stage order's (the first stage must take anyone).
  const error = state.ok ? undefined : (Object.values(state.fieldErrors ?? {})[0] ?? (state.message !== "summaryTitle" ? state.message : undefined));
  return (
    <form action={formAction} noValidate className={className}>
      <input type="hidden" name="locale" value={locale} />
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="version" value={version} />
      <input type="hidden" name="stageId" value={stageId} />
      {children(error, `stage-${stageId}-${part}-error`)}
    </form>
  );
}

function StageError({ id, error }: { id: string; error?: string }) {
  const tErrors = useTranslations("Errors");
  return error ? (
    <p id={id} role="alert" className="w-full font-semibold text-accent">
      {tErrors(error)}
    </p>
  ) : null;
}

/** Move up and move down for one stage: one form, the button pressed carries the direction. */
export function MoveStageForm({ id, version, stageId, stageLabel, up, down }: { id: string; version: string; stageId: string; stageLabel: string; up: boolean; down: boolean }) {
  const t = useTranslations("Content.stages");
  const button = "rounded border-2 border-navy px-3 py-1 text-sm font-semibold text-navy hover:bg-slate-100";
  return (
    <StagePartForm part="move" action={moveStageAction} id={id} version={version} stageId={stageId} className="flex flex-wrap gap-2">
      {(error, errorId) => (
        <>
          {up && (
            <button type="submit" name="direction" value="up" className={button} aria-describedby={error ? errorId : undefined}>
              <span aria-hidden="true">↑ </span>
              {t("moveUp")}
              <span className="sr-only"> ({stageLabel})</span>
            </button>
          )}
          {down && (
            <button type="submit" name="direction" value="down" className={button} aria-describedby={error ? errorId : undefined}>
              <span aria-hidden="true">↓ </span>
              {t("moveDown")}
              <span className="sr-only"> ({stageLabel})</span>
            </button>
          )}
          <StageError id={errorId} error={error} />
        </>
      )}
    </StagePartForm>
  );
}

/** Removes one stage after a ticked confirmation. */
export function RemoveStageForm({ id, version, stageId, stageLabel }: { id: string; version: string; stageId: string; stageLabel: string }) {
  const t = useTranslations("Content.stages");
  const tAdmin = useTranslations("AdminList");
  const box = `remove-stage-${stageId}`;
  return (
    <StagePartForm part="remove" action={removeStageAction} id={id} version={version} stageId={stageId} className="flex flex-wrap items-center gap-3">
      {(error, errorId) => (
        <>
          <label htmlFor={box} className="flex items-center gap-2">
            <input id={box} type="checkbox" name="confirm" aria-invalid={error ? true : undefined} aria-describedby={error ? errorId : undefined} className="h-5 w-5 accent-navy" />
            <span>
              {t("removeConfirm")}
              <span className="sr-only"> ({stageLabel})</span>
            </span>
          </label>
          <SubmitButton pendingLabel={tAdmin("saving")} className="rounded border-2 border-accent px-3 py-1 font-semibold text-accent">
            {t("remove")}
            <span className="sr-only"> {stageLabel}</span>
          </SubmitButton>
          <StageError id={errorId} error={error} />
        </>
      )}
    </StagePartForm>
  );
}
