"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { ChoiceGroup, ErrorSummary, SubmitButton, TextField, valueOf } from "@/components/forms/fields";
import { initialFormState } from "@/lib/form-state";
import { createStaffAction } from "@/server/actions/admin/staff";

export interface RoleOption {
  value: string;
  label: string;
}

export function StaffCreateForm({ locale, roles }: { locale: string; roles: RoleOption[] }) {
  const t = useTranslations("StaffAdmin");
  const [state, action] = useActionState(createStaffAction, initialFormState);
  const errors = state.fieldErrors ?? {};
  const labels = { email: t("fields.email"), name: t("fields.name"), role: t("fields.role"), password: t("fields.password") };
  return (
    <form action={action} noValidate className="mt-6 max-w-xl">
      <ErrorSummary state={state} labels={labels} />
      <input type="hidden" name="locale" value={locale} />
      <TextField name="email" type="email" label={labels.email} autoComplete="off" error={errors.email} defaultValue={valueOf(state, undefined, "email")} />
      <TextField name="name" label={labels.name} autoComplete="off" error={errors.name} defaultValue={valueOf(state, undefined, "name")} />
      <ChoiceGroup name="role" legend={labels.role} options={roles} error={errors.role} defaultValue={valueOf(state, undefined, "role")} />
      <TextField name="password" type="password" label={labels.password} hint={t("fields.passwordHint")} autoComplete="new-password" error={errors.password} />
      <SubmitButton pendingLabel={t("creating")}>{t("create")}</SubmitButton>
    </form>
  );
}
