"use client";

import { useLocale, useTranslations } from "next-intl";
import { useActionState } from "react";
import { ChoiceGroup, ErrorSummary, FieldError, SubmitButton, errorAttributes, fieldId } from "@/components/forms/fields";
import { initialFormState } from "@/lib/form-state";
import { uploadAttachmentAction } from "@/server/actions/applications";

export function AttachmentUploadForm({ token, hasTechnical }: { token: string; hasTechnical: boolean }) {
  const t = useTranslations("Apply");
  const locale = useLocale();
  const [state, action] = useActionState(uploadAttachmentAction, initialFormState);
  const e = state.fieldErrors ?? {};
  return (
    <form action={action} noValidate encType="multipart/form-data" className="max-w-2xl rounded-lg bg-slate-100 p-5">
      <ErrorSummary state={state} labels={{ kind: t("attachmentKind"), file: t("file") }} />
      <input type="hidden" name="locale" value={locale} />
      <input type="hidden" name="token" value={token} />
      <ChoiceGroup
        name="kind"
        legend={t("attachmentKind")}
        error={e.kind}
        defaultValue={hasTechnical ? "LETTER_OF_SUPPORT" : "TECHNICAL_DESCRIPTION"}
        options={(["TECHNICAL_DESCRIPTION", "LETTER_OF_SUPPORT"] as const).map((value) => ({ value, label: t(`attachmentKinds.${value}`) }))}
      />
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
