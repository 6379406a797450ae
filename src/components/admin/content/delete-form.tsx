"use client";

import { useTranslations } from "next-intl";
import { ChoiceGroup } from "@/components/forms/fields";
import type { ContentKind } from "@/lib/content-kinds";
import { deleteObligationAction, deleteRecordAction } from "@/server/actions/admin/content";
import { RecordForm } from "./fields";

/**
 * Deleting asks for a ticked box (no JavaScript confirm dialog, so it works everywhere); the action refuses
 * while other records depend on the row.
 */
export function DeleteForm({
  kind,
  id,
  version,
  confirmLabel,
  submitLabel,
}: {
  /** A record of the list `kind`, or one obligation of an agreement. */
  kind: ContentKind | "obligation";
  id: string;
  version: string;
  confirmLabel?: string;
  submitLabel?: string;
}) {
  const t = useTranslations("Content.common");
  const labels = { confirm: confirmLabel ?? t("deleteConfirm") };
  return (
    <RecordForm
      action={kind === "obligation" ? deleteObligationAction : deleteRecordAction}
      hidden={{ kind: kind === "obligation" ? undefined : kind, id, version }}
      labels={labels}
      submitLabel={submitLabel ?? t("deleteButton")}
      className="max-w-xl"
    >
      {(state) => (
        <ChoiceGroup
          name="confirm"
          type="checkbox"
          legend={<span className="sr-only">{labels.confirm}</span>}
          error={state.fieldErrors?.confirm}
          options={[{ value: "on", label: labels.confirm }]}
        />
      )}
    </RecordForm>
  );
}
