"use client";

import { useLocale, useTranslations } from "next-intl";
import { useActionState, useState, type FormEvent, type ReactNode } from "react";
import { ChoiceGroup, ErrorSummary, SubmitButton, TextArea, TextField, valueOf } from "@/components/forms/fields";
import { formDataToObject, initialFormState, submittedValues, type FormState, fieldErrorsOf } from "@/lib/form-state";
import { MAX_ENTITIES, stepSchemas } from "@/lib/validation/application";
import { saveStepAction } from "@/server/actions/applications";

type Saved = Record<string, unknown> | undefined;

function StepForm({
  token,
  step,
  returnTo,
  labels,
  children,
}: {
  token: string;
  step: "lead" | "payload" | "science";
  returnTo?: string;
  labels: Record<string, string>;
  children: (state: FormState) => ReactNode;
}) {
  const t = useTranslations("Apply");
  const locale = useLocale();
  const [serverState, action] = useActionState(saveStepAction, initialFormState);
  // The step's own schema checks the answers in the browser first; the server checks them again and decides.
  const [browserCheck, setBrowserCheck] = useState<{ state: FormState; after: FormState } | null>(null);
  const state = browserCheck && browserCheck.after === serverState ? browserCheck.state : serverState;
  const checkInBrowser = (event: FormEvent<HTMLFormElement>) => {
    const formData = new FormData(event.currentTarget);
    const parsed = stepSchemas[step].safeParse(formDataToObject(formData, ["objectives"]));
    if (parsed.success) return setBrowserCheck(null);
    event.preventDefault();
    setBrowserCheck({
      state: { ok: false, message: "summaryTitle", fieldErrors: fieldErrorsOf(parsed.error), values: submittedValues(formData) },
      after: serverState,
    });
  };
  return (
    <form action={action} onSubmit={checkInBrowser} noValidate className="max-w-2xl">
      <ErrorSummary state={state} labels={labels} />
      <input type="hidden" name="locale" value={locale} />
      <input type="hidden" name="token" value={token} />
      <input type="hidden" name="step" value={step} />
      {returnTo && <input type="hidden" name="returnTo" value={returnTo} />}
      {children(state)}
      <SubmitButton pendingLabel={t("saving")}>{t("continue")}</SubmitButton>
    </form>
  );
}

export function LeadForm({ token, saved, returnTo }: { token: string; saved: Saved; returnTo?: string }) {
  const t = useTranslations("Apply");
  const types = useTranslations("InstitutionType");
  const labels: Record<string, string> = {
    institutionName: t("institutionName"),
    institutionType: t("institutionType"),
    country: t("country"),
    contactName: t("contactName"),
    contactEmail: t("contactEmail"),
    contactPhone: t("contactPhone"),
  };
  for (let n = 1; n < MAX_ENTITIES; n++) {
    labels[`participants.${n - 1}.name`] = t("participantName", { n });
    labels[`participants.${n - 1}.country`] = t("participantCountry", { n });
  }
  return (
    <StepForm token={token} step="lead" returnTo={returnTo} labels={labels}>
      {(state) => {
        const e = state.fieldErrors ?? {};
        const v = (name: string) => valueOf(state, saved, name);
        return (
          <>
            <TextField name="institutionName" label={labels.institutionName} error={e.institutionName} defaultValue={v("institutionName")} autoComplete="organization" />
            <ChoiceGroup
              name="institutionType"
              legend={labels.institutionType}
              error={e.institutionType}
              defaultValue={v("institutionType")}
              options={(["UNIVERSITY", "AGENCY", "RESEARCH_INSTITUTE", "INTERNATIONAL_ORGANISATION"] as const).map((value) => ({ value, label: types(value) }))}
            />
            <TextField name="country" label={labels.country} hint={t("countryHint")} error={e.country} defaultValue={v("country")} width="short" autoComplete="country" />
            <TextField name="contactName" label={labels.contactName} error={e.contactName} defaultValue={v("contactName")} autoComplete="name" />
            <TextField name="contactEmail" type="email" label={labels.contactEmail} error={e.contactEmail} defaultValue={v("contactEmail")} autoComplete="email" />
            <TextField name="contactPhone" type="tel" label={labels.contactPhone} error={e.contactPhone} defaultValue={v("contactPhone")} autoComplete="tel" />
            <fieldset className="mb-6 border-t border-slate-300 pt-4">
              <legend className="text-lg font-bold">{t("participantsHeading")}</legend>
              <p className="mb-3 text-sm text-slate-700">{t("participantsHint")}</p>
              {Array.from({ length: MAX_ENTITIES - 1 }, (_, i) => (
                <div key={i} className="grid gap-x-4 sm:grid-cols-[1fr_12rem]">
                  <TextField name={`participants.${i}.name`} label={labels[`participants.${i}.name`]} error={e[`participants.${i}.name`]} defaultValue={v(`participants.${i}.name`)} />
                  <TextField name={`participants.${i}.country`} label={labels[`participants.${i}.country`]} error={e[`participants.${i}.country`]} defaultValue={v(`participants.${i}.country`)} width="short" />
                </div>
              ))}
            </fieldset>
          </>
        );
      }}
    </StepForm>
  );
}

export function PayloadForm({ token, saved, returnTo, remaining }: { token: string; saved: Saved; returnTo?: string; remaining: Record<string, number> }) {
  const t = useTranslations("Apply");
  const carriers = useTranslations("Carrier");
  const [carrier, setCarrier] = useState<string | undefined>(saved?.carrier as string | undefined);
  const [mass, setMass] = useState<string>(saved?.massKg !== undefined ? String(saved.massKg) : "");
  const fields = ["payloadName", "payloadKind", "carrier", "massKg", "peakPowerW", "averagePowerW", "lengthMm", "widthMm", "heightMm", "dataVolumeMbPerDay", "pointingNeeds", "thermalNeeds", "trl", "heritage"] as const;
  const labels = Object.fromEntries(fields.map((f) => [f, t(f)]));
  const free = carrier ? remaining[carrier] : undefined;
  const massNumber = Number(mass);
  const over = free !== undefined && Number.isFinite(massNumber) && massNumber > free ? +(massNumber - free).toFixed(3) : 0;
  return (
    <StepForm token={token} step="payload" returnTo={returnTo} labels={labels}>
      {(state) => {
        const e = state.fieldErrors ?? {};
        const v = (name: string) => valueOf(state, saved, name);
        return (
          <>
            <TextField name="payloadName" label={labels.payloadName} error={e.payloadName} defaultValue={v("payloadName")} />
            <ChoiceGroup
              name="payloadKind"
              legend={labels.payloadKind}
              error={e.payloadKind}
              defaultValue={v("payloadKind")}
              options={(["INSTRUMENT", "TECHNOLOGY_DEMONSTRATION", "OTHER"] as const).map((value) => ({ value, label: t(`payloadKinds.${value}`) }))}
            />
            <ChoiceGroup
              name="carrier"
              legend={labels.carrier}
              error={e.carrier}
              defaultValue={v("carrier")}
              onChange={setCarrier}
              options={(["ORBITER", "SERVICE_MODULE"] as const).map((value) => ({ value, label: t(`carriers.${value}`) }))}
            />
            <TextField name="massKg" label={labels.massKg} hint={t("massHint")} error={e.massKg} defaultValue={v("massKg")} inputMode="decimal" width="short" onChange={setMass} />
            <p aria-live="polite" data-testid="capacity-feedback" className={`-mt-3 mb-5 text-sm font-semibold ${over > 0 ? "text-accent" : "text-emerald-800"}`}>
              {carrier && free !== undefined && (
                <>
                  {t("remaining", { carrier: carriers(carrier), remaining: free })}
                  {mass && Number.isFinite(massNumber) && massNumber > 0 && (
                    <>
                      {" · "}
                      {over > 0 ? t("overBy", { over, carrier: carriers(carrier) }) : t("remainingAfter", { left: +(free - massNumber).toFixed(3) })}
                    </>
                  )}
                </>
              )}
            </p>
            <div className="grid gap-x-4 sm:grid-cols-2">
              <TextField name="peakPowerW" label={labels.peakPowerW} error={e.peakPowerW} defaultValue={v("peakPowerW")} inputMode="decimal" />
              <TextField name="averagePowerW" label={labels.averagePowerW} error={e.averagePowerW} defaultValue={v("averagePowerW")} inputMode="decimal" />
            </div>
            <fieldset className="mb-2">
              <legend className="font-semibold">{t("dimensions")}</legend>
              <div className="grid gap-x-4 sm:grid-cols-3">
                <TextField name="lengthMm" label={labels.lengthMm} error={e.lengthMm} defaultValue={v("lengthMm")} inputMode="numeric" />
                <TextField name="widthMm" label={labels.widthMm} error={e.widthMm} defaultValue={v("widthMm")} inputMode="numeric" />
                <TextField name="heightMm" label={labels.heightMm} error={e.heightMm} defaultValue={v("heightMm")} inputMode="numeric" />
              </div>
            </fieldset>
            <TextField name="dataVolumeMbPerDay" label={labels.dataVolumeMbPerDay} error={e.dataVolumeMbPerDay} defaultValue={v("dataVolumeMbPerDay")} inputMode="decimal" width="short" />
            <TextArea name="pointingNeeds" label={labels.pointingNeeds} error={e.pointingNeeds} defaultValue={v("pointingNeeds")} rows={3} />
            <TextArea name="thermalNeeds" label={labels.thermalNeeds} error={e.thermalNeeds} defaultValue={v("thermalNeeds")} rows={3} />
            <TextField name="trl" label={labels.trl} error={e.trl} defaultValue={v("trl")} inputMode="numeric" width="short" />
            <TextArea name="heritage" label={labels.heritage} error={e.heritage} defaultValue={v("heritage")} rows={3} />
          </>
        );
      }}
    </StepForm>
  );
}

export function ScienceForm({ token, saved, returnTo }: { token: string; saved: Saved; returnTo?: string }) {
  const t = useTranslations("Apply");
  const labels = { objectives: t("objectives"), otherObjective: t("otherObjective"), expectedResults: t("expectedResults"), dataSharing: t("dataSharing") };
  return (
    <StepForm token={token} step="science" returnTo={returnTo} labels={labels}>
      {(state) => {
        const e = state.fieldErrors ?? {};
        const submitted = state.values?.objectives;
        const objectives = submitted !== undefined ? [submitted].flat() : ((saved?.objectives as string[] | undefined) ?? []);
        return (
          <>
            <ChoiceGroup
              name="objectives"
              type="checkbox"
              legend={labels.objectives}
              error={e.objectives}
              defaultValue={objectives}
              options={(["SIGNS_OF_LIFE", "CLIMATE_HISTORY", "GEOLOGY", "INTERNAL_STRUCTURE", "OTHER"] as const).map((value) => ({ value, label: t(`objectiveOptions.${value}`) }))}
            />
            <TextField name="otherObjective" label={labels.otherObjective} error={e.otherObjective} defaultValue={valueOf(state, saved, "otherObjective")} />
            <TextArea name="expectedResults" label={labels.expectedResults} error={e.expectedResults} defaultValue={valueOf(state, saved, "expectedResults")} rows={6} />
            <TextArea name="dataSharing" label={labels.dataSharing} error={e.dataSharing} defaultValue={valueOf(state, saved, "dataSharing")} rows={4} />
          </>
        );
      }}
    </StepForm>
  );
}
