"use client";

import { useLocale, useTranslations } from "next-intl";
import { useActionState } from "react";
import { ChoiceGroup, SubmitButton, TextArea, TextField } from "@/components/forms/fields";
import { initialFormState } from "@/lib/form-state";
import { obligationKindSchema } from "@/lib/validation/admin/content";
import { agreementStatusSchema } from "@/lib/validation/public-data";
import { addObligationAction, completeObligationAction, saveContentAction, updateObligationAction } from "@/server/actions/admin/content";
import { fieldState, type Option, RecordForm, SelectField, type Saved } from "./fields";

export interface AgreementFormData {
  id: string;
  version: string;
  status: string;
  signedOn: string | null;
  expiresOn: string | null;
}

/** Records an agreement for an award (without `saved`), or edits its status and term. */
export function AgreementForm({ saved, awards, award }: { saved?: AgreementFormData; awards?: Option[]; award?: string }) {
  const t = useTranslations("Content");
  const tc = useTranslations("Content.fields");
  const status = useTranslations("Agreement");
  const labels: Record<string, string> = {
    ...(saved ? {} : { awardId: tc("award") }),
    status: tc("agreementStatus"),
    signedOn: tc("signedOn"),
    expiresOn: tc("expiresOn"),
  };
  const data = (saved ?? (award ? { awardId: award } : undefined)) as Saved;
  return (
    <RecordForm action={saveContentAction} hidden={{ contentKind: "agreements", id: saved?.id, version: saved?.version }} labels={labels} submitLabel={saved ? t("common.saveChanges") : t("common.create")}>
      {(state) => {
        const f = fieldState(state, data);
        return (
          <>
            {!saved && <SelectField name="awardId" label={tc("award")} options={awards ?? []} state={state} saved={data} blank={tc("choose")} />}
            <ChoiceGroup
              name="status"
              legend={labels.status}
              error={f.error("status")}
              defaultValue={f.value("status")}
              options={agreementStatusSchema.options.map((value) => ({ value, label: status(value) }))}
            />
            <p className="mb-3 text-sm text-slate-700">{tc("termHint")}</p>
            <div className="grid gap-x-6 sm:grid-cols-2">
              <TextField name="signedOn" type="date" label={labels.signedOn} error={f.error("signedOn")} defaultValue={f.value("signedOn")} />
              <TextField name="expiresOn" type="date" label={labels.expiresOn} error={f.error("expiresOn")} defaultValue={f.value("expiresOn")} />
            </div>
          </>
        );
      }}
    </RecordForm>
  );
}

export interface ObligationFormData {
  id: string;
  version: string;
  kind: string;
  dueOn: string;
  completedOn: string | null;
  note: string | null;
}

/** Adds an obligation to an agreement, or (with `saved`) edits one. */
export function ObligationForm({ agreementId, saved }: { agreementId: string; saved?: ObligationFormData }) {
  const t = useTranslations("Content");
  const tc = useTranslations("Content.fields");
  const obligation = useTranslations("Obligation");
  const labels = { kind: tc("obligationKind"), dueOn: tc("dueOn"), completedOn: tc("completedOn"), note: tc("note") };
  const data = saved as Saved;
  return (
    <RecordForm
      action={saved ? updateObligationAction : addObligationAction}
      hidden={{ agreementId, id: saved?.id, version: saved?.version }}
      labels={labels}
      submitLabel={saved ? t("common.saveChanges") : t("agreements.addObligation")}
      className="max-w-xl"
    >
      {(state) => {
        const f = fieldState(state, data);
        return (
          <>
            <ChoiceGroup
              name="kind"
              legend={labels.kind}
              error={f.error("kind")}
              defaultValue={f.value("kind")}
              options={obligationKindSchema.options.map((value) => ({ value, label: obligation(value) }))}
            />
            <div className="grid gap-x-6 sm:grid-cols-2">
              <TextField name="dueOn" type="date" label={labels.dueOn} error={f.error("dueOn")} defaultValue={f.value("dueOn")} />
              <TextField name="completedOn" type="date" label={labels.completedOn} hint={tc("completedOnHint")} error={f.error("completedOn")} defaultValue={f.value("completedOn")} />
            </div>
            <TextArea name="note" label={labels.note} rows={2} error={f.error("note")} defaultValue={f.value("note")} />
          </>
        );
      }}
    </RecordForm>
  );
}

/** One button per open obligation: marks it met today. Its only fields are hidden, so a table can hold many. */
export function CompleteObligationButton({ id, version, label }: { id: string; version: string; label: string }) {
  const t = useTranslations("Content.agreements");
  const tAdmin = useTranslations("AdminList");
  const tErrors = useTranslations("Errors");
  const locale = useLocale();
  const [state, action] = useActionState(completeObligationAction, initialFormState);
  const error = state.ok ? undefined : (state.message ?? undefined);
  return (
    <form action={action}>
      <input type="hidden" name="locale" value={locale} />
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="version" value={version} />
      <SubmitButton pendingLabel={tAdmin("saving")} className="rounded border-2 border-navy px-3 py-1 text-sm font-semibold text-navy hover:bg-slate-100">
        {t("markCompleted")}
        <span className="sr-only"> ({label})</span>
      </SubmitButton>
      {error && error !== "summaryTitle" && (
        <p role="alert" className="mt-1 text-sm font-semibold text-accent">
          {tErrors(error)}
        </p>
      )}
    </form>
  );
}
