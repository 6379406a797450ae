"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { ChoiceGroup, ErrorSummary, SubmitButton, TextField, valueOf } from "@/components/forms/fields";
import { initialFormState } from "@/lib/form-state";
import { updateStaffAction } from "@/server/actions/admin/staff";
import type { RoleOption } from "./staff-create-form";

export function StaffDetailsForm({
  locale,
  roles,
  account,
}: {
  locale: string;
  roles: RoleOption[];
  account: { id: string; name: string; role: string; updatedAt: string };
}) {
  const t = useTranslations("StaffAdmin");
  const tList = useTranslations("AdminList");
  const [state, action] = useActionState(updateStaffAction, initialFormState);
  const errors = state.fieldErrors ?? {};
  const labels = { name: t("fields.name"), role: t("fields.role") };
  return (
    // The key remounts the fields on a new version, so that they show what was saved.
    <form key={account.updatedAt} action={action} noValidate className="mt-3">
      <ErrorSummary state={state} labels={labels} />
      {state.ok && state.message && (
        <p role="status" className="mb-4 border-l-4 border-navy bg-slate-100 p-3">
          {t(`done.${state.message}`)}
        </p>
      )}
      <input type="hidden" name="locale" value={locale} />
      <input type="hidden" name="id" value={account.id} />
      <input type="hidden" name="updatedAt" value={account.updatedAt} />
      <TextField name="name" label={labels.name} autoComplete="off" error={errors.name} defaultValue={valueOf(state, account, "name")} />
      <ChoiceGroup name="role" legend={labels.role} hint={t("roleChangeHint")} options={roles} error={errors.role} defaultValue={valueOf(state, account, "role")} />
      <SubmitButton pendingLabel={tList("saving")}>{tList("save")}</SubmitButton>
    </form>
  );
}
