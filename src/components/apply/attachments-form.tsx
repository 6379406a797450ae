"use client";

import { useLocale, useTranslations } from "next-intl";
import { useActionState, useState, type ReactNode } from "react";
import { ChoiceGroup, ErrorSummary, FieldError, SubmitButton, errorAttributes, fieldId } from "@/components/forms/fields";
import { type FormState, initialFormState } from "@/lib/form-state";
import { MAX_ATTACHMENT_BYTES } from "@/lib/validation/application";
import { uploadAttachmentAction } from "@/server/actions/applications";

/** Uploads one file for one of the page's file questions, named by its kind; with a single question, no choice is asked. */
export function AttachmentUploadForm({ token, kinds, defaultKind }: { token: string; kinds: { value: string; label: ReactNode }[]; defaultKind: string }) {
  const t = useTranslations("Apply");
  const locale = useLocale();
  const [answered, action] = useActionState(uploadAttachmentAction, initialFormState);
  const [refusedHere, setRefusedHere] = useState<FormState | null>(null);
  const state = refusedHere ?? answered;
  const e = state.fieldErrors ?? {};
  const submit = (formData: FormData) => {
    const file = formData.get("file");
    // A file far over the limit is cut off before the form action runs: say here what the server would say.
    if (file instanceof File && file.size > MAX_ATTACHMENT_BYTES) {
      setRefusedHere({ ok: false, fieldErrors: { file: "fileTooLarge" } });
      return;
    }
    setRefusedHere(null);
    action(formData);
  };
  return (
    <form action={submit} noValidate encType="multipart/form-data" className="max-w-2xl rounded-lg bg-slate-100 p-5">
      <ErrorSummary state={state} labels={{ kind: t("attachmentKind"), file: t("file") }} />
      <input type="hidden" name="locale" value={locale} />
      <input type="hidden" name="token" value={token} />
      {kinds.length > 1 ? (
        <ChoiceGroup name="kind" legend={t("attachmentKind")} error={e.kind} defaultValue={defaultKind} options={kinds} />
      ) : (
        <input type="hidden" name="kind" value={defaultKind} />
      )}
      <div className="mb-5">
        <label htmlFor={fieldId("file")} className="block font-semibold">
          {t("file")}
        </label>
        <FieldError name="file" error={e.file} />
        <input
          id={fieldId("file")}
          name="file"
          type="file"
          accept="application/pdf,.pdf"
          {...errorAttributes("file", e.file)}
          className="mt-1 block w-full text-sm file:mr-4 file:rounded file:border-0 file:bg-navy file:px-4 file:py-2 file:font-semibold file:text-white"
        />
      </div>
      <SubmitButton pendingLabel={t("uploading")}>{t("upload")}</SubmitButton>
    </form>
  );
}
