"use client";

import { useLocale, useTranslations } from "next-intl";
import { useActionState, useState, type FormEvent, type ReactNode } from "react";
import { useFormStatus } from "react-dom";
import { ChoiceGroup, ErrorSummary, FieldError, errorAttributes, fieldId } from "@/components/forms/fields";
import { type FormState, initialFormState } from "@/lib/form-state";
import { MAX_ATTACHMENT_BYTES } from "@/lib/files";
import { uploadAttachmentAction } from "@/server/actions/applications";

/** A submit button that says which way the form goes ("intent"), and shows its own pending label while that post runs. */
function IntentButton({ intent, primary, pendingLabel, children }: { intent: "upload" | "continue"; primary: boolean; pendingLabel: ReactNode; children: ReactNode }) {
  const { pending, data } = useFormStatus();
  const mine = pending && (data?.get("intent") ?? "upload") === intent;
  return (
    <button
      type="submit"
      name="intent"
      value={intent}
      disabled={pending}
      aria-disabled={pending}
      className={
        primary
          ? "rounded bg-navy px-5 py-3 font-semibold text-white shadow hover:bg-sky disabled:opacity-70"
          : "rounded border-2 border-navy bg-white px-5 py-3 font-semibold text-navy hover:bg-slate-50 disabled:opacity-70"
      }
    >
      {mine ? pendingLabel : children}
    </button>
  );
}

/**
 * Uploads one file for one of the page's file questions, named by its kind; with a single question, no choice is asked.
 * On a page of files alone (`continueFrom`, the page's key) it is the page's one form: "Save and continue" uploads a
 * file chosen and not yet sent, then moves on; a refused file keeps the applicant on the page with its message.
 */
export function AttachmentUploadForm({
  token,
  kinds,
  defaultKind,
  continueFrom,
}: {
  token: string;
  kinds: { value: string; label: ReactNode }[];
  defaultKind: string;
  continueFrom?: string;
}) {
  const t = useTranslations("Apply");
  const locale = useLocale();
  const [answered, action] = useActionState(uploadAttachmentAction, initialFormState);
  const [refusedHere, setRefusedHere] = useState<FormState | null>(null);
  const state = refusedHere ?? answered;
  const e = state.fieldErrors ?? {};
  // The form posts to the server action itself, so it works before (or without) JavaScript. With JavaScript, a file far
  // over the limit is stopped here, since the server would cut it off before the action runs: say what it would say.
  const checkSize = (event: FormEvent<HTMLFormElement>) => {
    const file = (event.currentTarget.elements.namedItem("file") as HTMLInputElement | null)?.files?.[0];
    if (file && file.size > MAX_ATTACHMENT_BYTES) {
      event.preventDefault();
      setRefusedHere({ ok: false, fieldErrors: { file: "fileTooLarge" } });
      return;
    }
    setRefusedHere(null);
  };
  return (
    <form action={action} onSubmit={checkSize} noValidate className="max-w-2xl rounded-lg bg-slate-100 p-5">
      <ErrorSummary state={state} labels={{ kind: t("attachmentKind"), file: t("file") }} />
      <input type="hidden" name="locale" value={locale} />
      <input type="hidden" name="token" value={token} />
      {continueFrom && <input type="hidden" name="step" value={continueFrom} />}
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
      <div className="flex flex-wrap gap-3">
        <IntentButton intent="upload" primary={false} pendingLabel={t("uploading")}>
          {t("upload")}
        </IntentButton>
        {continueFrom && (
          <IntentButton intent="continue" primary pendingLabel={t("saving")}>
            {t("continue")}
          </IntentButton>
        )}
      </div>
    </form>
  );
}
