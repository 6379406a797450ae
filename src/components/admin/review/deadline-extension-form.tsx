"use client";

import { useTranslations } from "next-intl";
import { RecordForm, fieldState } from "@/components/admin/content/fields";
import { TextField } from "@/components/forms/fields";
import { extendDeadlineAction } from "@/server/actions/admin/deadlines";

/** One applicant's later deadline: their email, the new closing in the call's zone, and the reason kept in the audit trail. */
export function DeadlineExtensionForm({ id, zone }: { id: string; zone: string }) {
  const t = useTranslations("Review.deadlines");
  const labels = { email: t("email"), until: t("until", { zone }), reason: t("reason") };
  return (
    <RecordForm action={extendDeadlineAction} hidden={{ id }} labels={labels} submitLabel={t("extend")} className="max-w-xl">
      {(state) => {
        const f = fieldState(state, undefined);
        return (
          <>
            <TextField name="email" type="email" label={labels.email} error={f.error("email")} defaultValue={f.value("email")} />
            <TextField name="until" type="datetime-local" label={labels.until} hint={t("untilHint")} width="short" error={f.error("until")} defaultValue={f.value("until")} />
            <TextField name="reason" label={labels.reason} error={f.error("reason")} defaultValue={f.value("reason")} />
          </>
        );
      }}
    </RecordForm>
  );
}
