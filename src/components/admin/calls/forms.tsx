"use client";

import { useLocale, useTranslations } from "next-intl";
import { type ReactNode, useActionState } from "react";
import { SubmitButton } from "@/components/forms/fields";
import { DEFAULT_TEAM_MAX_MEMBERS, MAX_ATTACHMENT_BYTES_LIMIT, type QuestionType } from "@/lib/calls/definition";
import { FIRST_ROW_TYPES, initialBuilderState, type ItemPath } from "@/lib/calls/edit";
import {
  duplicateCallAction,
  moveFormItemAction,
  removeFormItemAction,
  saveFormEligibilityAction,
  saveFormPageAction,
  saveFormPoolsAction,
  saveFormQuestionAction,
  saveFormRubricAction,
  saveFormTeamAction,
  saveFormStageAction,
} from "@/server/actions/admin/call-form";
import { Area, atFields, Bilingual, BuilderForm, type BuilderRef, Check, type FieldState, HiddenFields, Radios, type Saved, Select, Text, useErrorText, usePlaceName } from "./fields";

// The call builder's forms, one per edit. Each posts the call, the form version it was built from and the item it
// is about in hidden fields; the server action answers with errors next to the fields, or goes back to the outline.

const refFields = (ref: BuilderRef) => ({ id: ref.id, formVersion: ref.formVersion, formHash: ref.formHash });

function useBilingualLabels(name: "label" | "title" | "help" | "unit" | "question" | "refusal" | "instructions") {
  const t = useTranslations("CallBuilder.fields");
  return { en: t(`${name}En`), zh: t(`${name}Zh`) };
}

/** Adds a stage with its first page; for a call without a form, starts the form with it. */
export function NewStageForm({ builder, first }: { builder: BuilderRef; first: boolean }) {
  const t = useTranslations("CallBuilder");
  const title = useBilingualLabels("title");
  const labels = { key: t("fields.stageKey"), "page.key": t("fields.pageKey"), "page.title.en": title.en, "page.title.zh": title.zh };
  return (
    <BuilderForm action={saveFormStageAction} hidden={{ ...refFields(builder), intent: "add" }} labels={labels} submitLabel={first ? t("startForm") : t("addStage")}>
      {(f) => (
        <>
          <Text name="key" label={labels.key} hint={t("hints.stageKey")} f={f} />
          <fieldset className="mb-2 border-t border-slate-300 pt-4">
            <legend className="text-lg font-bold">{t("firstPage")}</legend>
            <p className="mb-3 text-sm text-slate-700">{t("hints.firstPage")}</p>
            <Text name="page.key" label={labels["page.key"]} hint={t("hints.itemKey")} f={f} />
            <Bilingual name="page.title" labels={title} f={f} />
          </fieldset>
        </>
      )}
    </BuilderForm>
  );
}

/** Renames a stage. */
export function StageForm({ builder, at, saved }: { builder: BuilderRef; at: ItemPath; saved: Saved }) {
  const t = useTranslations("CallBuilder");
  const labels = { key: t("fields.stageKey") };
  return (
    <BuilderForm action={saveFormStageAction} hidden={{ ...refFields(builder), ...atFields(at), intent: "edit" }} labels={labels} saved={saved} submitLabel={t("save")}>
      {(f) => <Text name="key" label={labels.key} hint={t("hints.stageKeyRename")} f={f} />}
    </BuilderForm>
  );
}

/** Adds a page to a stage (`intent` "add", `at` the stage) or edits one (`at` the page). */
export function PageForm({ builder, at, intent, saved = {} }: { builder: BuilderRef; at: ItemPath; intent: "add" | "edit"; saved?: Saved }) {
  const t = useTranslations("CallBuilder");
  const title = useBilingualLabels("title");
  const labels = { key: t("fields.pageKey"), "title.en": title.en, "title.zh": title.zh };
  return (
    <BuilderForm
      action={saveFormPageAction}
      hidden={{ ...refFields(builder), ...atFields(at), intent }}
      labels={labels}
      saved={saved}
      submitLabel={intent === "add" ? t("addPage") : t("save")}
    >
      {(f) => (
        <>
          <Text name="key" label={labels.key} hint={t("hints.itemKey")} f={f} />
          <Bilingual name="title" labels={title} f={f} />
        </>
      )}
    </BuilderForm>
  );
}

/** A question the condition of another may name: its key, its label, and the values its answer can take. */
export interface ConditionTarget {
  key: string;
  label: string;
  values: string[];
}

export interface QuestionFormProps {
  builder: BuilderRef;
  /** For "add", the page (or the group, with `question`) it goes in; for "edit", the question itself. */
  at: ItemPath;
  intent: "add" | "edit";
  type: QuestionType;
  saved: Saved;
  /** Earlier questions with a fixed set of answers: the ones a condition may name. */
  targets: ConditionTarget[];
  pools: { key: string; label: string }[];
  /** Earlier single choices whose every option names a pool. */
  poolChoices: { key: string; label: string }[];
}

/** A question's fields: those every question has, then its type's own. */
export function QuestionForm({ builder, at, intent, type, saved, targets, pools, poolChoices }: QuestionFormProps) {
  const t = useTranslations("CallBuilder");
  const tf = useTranslations("CallBuilder.fields");
  const label = useBilingualLabels("label");
  const help = useBilingualLabels("help");
  const unit = useBilingualLabels("unit");
  const isNewGroup = intent === "add" && type === "group";
  const labels: Record<string, string> = {
    key: tf("questionKey"),
    "label.en": label.en,
    "label.zh": label.zh,
    "help.en": help.en,
    "help.zh": help.zh,
    required: tf("required"),
    "showIf.question": tf("showIfQuestion"),
    "showIf.values": tf("showIfValues"),
    minLength: tf("minLength"),
    maxLength: tf("maxLength"),
    "limit.unit": tf("limitUnit"),
    "limit.max": tf("limitMax"),
    min: type === "date" ? tf("earliest") : type === "longText" ? tf("limitMin") : tf("smallest"),
    max: type === "date" ? tf("latest") : tf("largest"),
    step: tf("step"),
    "unit.en": unit.en,
    "unit.zh": unit.zh,
    options: tf("options"),
    minChoices: tf("minChoices"),
    maxChoices: tf("maxChoices"),
    attachmentKind: tf("attachmentKind"),
    maxMegabytes: tf("maxMegabytes"),
    maxFiles: tf("maxFiles"),
    source: tf("source"),
    minItems: tf("minItems"),
    maxItems: tf("maxItems"),
    "first.key": tf("firstKey"),
    "first.type": tf("firstType"),
    "first.label.en": label.en,
    "first.label.zh": label.zh,
  };
  return (
    <BuilderForm
      action={saveFormQuestionAction}
      hidden={{ ...refFields(builder), ...atFields(at), intent, type }}
      labels={labels}
      saved={saved}
      submitLabel={intent === "add" ? t("addQuestion") : t("save")}
    >
      {(f) => (
        <>
          <Text name="key" label={labels.key} hint={t("hints.questionKey")} f={f} />
          <Bilingual name="label" labels={label} f={f} />
          <Bilingual name="help" labels={help} hint={t("hints.help")} f={f} multiline />
          <Check name="required" label={labels.required} hint={type === "group" ? t("hints.requiredGroup") : undefined} f={f} />
          <TypeSettings type={type} f={f} labels={labels} pools={pools} poolChoices={poolChoices} />
          {isNewGroup && <FirstRow f={f} labels={labels} />}
          <Condition f={f} labels={labels} targets={targets} />
        </>
      )}
    </BuilderForm>
  );
}

function TypeSettings({ type, f, labels, pools, poolChoices }: { type: QuestionType; f: FieldState; labels: Record<string, string>; pools: QuestionFormProps["pools"]; poolChoices: QuestionFormProps["poolChoices"] }) {
  const t = useTranslations("CallBuilder");
  const number = (name: string, hint?: string) => <Text key={name} name={name} label={labels[name]} hint={hint} f={f} inputMode="decimal" short />;
  const grid = (children: ReactNode) => <div className="grid gap-x-6 sm:grid-cols-2">{children}</div>;
  switch (type) {
    case "shortText":
      return grid([number("minLength"), number("maxLength", t("hints.maxLength"))]);
    case "longText":
      return (
        <>
          <Radios
            name="limit.unit"
            legend={labels["limit.unit"]}
            f={f}
            options={[
              { value: "words", label: t("units.words") },
              { value: "characters", label: t("units.characters") },
            ]}
          />
          {grid([number("min"), number("limit.max")])}
        </>
      );
    case "number":
      return (
        <>
          {grid([number("min"), number("max"), number("step", t("hints.step"))])}
          <Check name="integer" label={t("fields.integer")} f={f} />
          <Check name="positive" label={t("fields.positive")} f={f} />
          <Bilingual name="unit" labels={{ en: labels["unit.en"]!, zh: labels["unit.zh"]! }} f={f} />
        </>
      );
    case "singleChoice":
    case "multipleChoice":
      return (
        <>
          <Area name="options" label={labels.options} hint={type === "singleChoice" ? t("hints.optionsWithPool") : t("hints.options")} f={f} rows={6} />
          {type === "multipleChoice" && grid([number("minChoices"), number("maxChoices")])}
        </>
      );
    case "date":
      return grid([<Text key="min" name="min" label={labels.min} f={f} type="date" short />, <Text key="max" name="max" label={labels.max} f={f} type="date" short />]);
    case "attachment":
      return (
        <>
          <Text name="attachmentKind" label={labels.attachmentKind} hint={t("hints.attachmentKind")} f={f} />
          {grid([number("maxMegabytes", t("hints.maxMegabytes", { max: MAX_ATTACHMENT_BYTES_LIMIT / (1024 * 1024) })), number("maxFiles")])}
        </>
      );
    case "resource":
      return (
        <>
          <Select
            name="source"
            label={labels.source}
            hint={pools.length === 0 ? t("hints.noPools") : t("hints.source")}
            f={f}
            blank={t("choose")}
            options={[
              ...pools.map((p) => ({ value: `pool:${p.key}`, label: t("sourcePool", { pool: p.label }) })),
              ...poolChoices.map((q) => ({ value: `question:${q.key}`, label: t("sourceChoice", { question: q.label }) })),
            ]}
          />
          {number("step", t("hints.step"))}
        </>
      );
    case "group":
      return grid([number("minItems"), number("maxItems")]);
    default:
      return null;
  }
}

/** A new group's first row question: a group is never empty. More rows are added to the group afterwards. */
function FirstRow({ f, labels }: { f: FieldState; labels: Record<string, string> }) {
  const t = useTranslations("CallBuilder");
  return (
    <fieldset className="mb-5 border-t border-slate-300 pt-4">
      <legend className="text-lg font-bold">{t("firstRow")}</legend>
      <p className="mb-3 text-sm text-slate-700">{t("hints.firstRow")}</p>
      <Text name="first.key" label={labels["first.key"]} hint={t("hints.questionKey")} f={f} />
      <Select name="first.type" label={labels["first.type"]} f={f} options={FIRST_ROW_TYPES.map((type) => ({ value: type, label: t(`types.${type}`) }))} />
      <Bilingual name="first.label" labels={{ en: labels["first.label.en"]!, zh: labels["first.label.zh"]! }} f={f} />
      <Check name="first.required" label={labels.required} f={f} />
    </fieldset>
  );
}

/** "Show only when": an earlier question, whether its answer is or is not one of the values given. */
function Condition({ f, labels, targets }: { f: FieldState; labels: Record<string, string>; targets: ConditionTarget[] }) {
  const t = useTranslations("CallBuilder");
  return (
    <fieldset className="mb-5 border-t border-slate-300 pt-4">
      <legend className="text-lg font-bold">{t("condition")}</legend>
      <p className="mb-3 text-sm text-slate-700">{targets.length === 0 ? t("hints.noTargets") : t("hints.condition")}</p>
      {targets.length > 0 && (
        <>
          <Select
            name="showIf.question"
            label={labels["showIf.question"]}
            f={f}
            blank={t("always")}
            options={targets.map((q) => ({ value: q.key, label: `${q.label} (${q.key}): ${q.values.join(", ")}` }))}
          />
          <Radios
            name="showIf.mode"
            legend={t("fields.showIfMode")}
            f={f}
            options={[
              { value: "equals", label: t("equals") },
              { value: "notEquals", label: t("notEquals") },
            ]}
          />
          <Text name="showIf.values" label={labels["showIf.values"]} hint={t("hints.showIfValues")} f={f} />
        </>
      )}
    </fieldset>
  );
}

/** Rows of a list edited in one form: the saved ones (each can be removed) and one blank row to add. */
function Rows({ list, count, f, legend, children }: { list: string; count: number; f: FieldState; legend: (row: number, isNew: boolean) => string; children: (prefix: string) => ReactNode }) {
  const t = useTranslations("CallBuilder");
  return Array.from({ length: count + 1 }, (_, row) => {
    const isNew = row === count;
    const prefix = `${list}.${row}`;
    return (
      <fieldset key={row} className="mb-5 rounded border border-slate-300 bg-white p-4">
        <legend className="px-1 text-lg font-bold">{legend(row, isNew)}</legend>
        {isNew && <p className="mb-3 text-sm text-slate-700">{t("hints.newRow")}</p>}
        {children(prefix)}
        {!isNew && <Check name={`${prefix}.remove`} label={t("removeRow")} f={f} />}
      </fieldset>
    );
  });
}

export function PoolsForm({ builder, saved, count }: { builder: BuilderRef; saved: Saved; count: number }) {
  const t = useTranslations("CallBuilder");
  const tf = useTranslations("CallBuilder.fields");
  const label = useBilingualLabels("label");
  const unit = useBilingualLabels("unit");
  const labels = rowLabels(count, {
    key: tf("poolKey"),
    "label.en": label.en,
    "label.zh": label.zh,
    "unit.en": unit.en,
    "unit.zh": unit.zh,
    "unit.symbol": tf("unitSymbol"),
    capacity: tf("capacity"),
    maxPerRequest: tf("maxPerRequest"),
  }, "pools", (row) => t("poolRow", { number: row + 1 }));
  return (
    <BuilderForm action={saveFormPoolsAction} hidden={refFields(builder)} labels={labels} saved={saved} submitLabel={t("save")}>
      {(f) => (
        <Rows list="pools" count={count} f={f} legend={(row, isNew) => (isNew ? t("newPool") : t("poolRow", { number: row + 1 }))}>
          {(p) => (
            <>
              <HiddenFields fields={{ [`${p}.was`]: saved[`${p}.was`] }} />
              <Text name={`${p}.key`} label={tf("poolKey")} hint={t("hints.poolKey")} f={f} />
              <Bilingual name={`${p}.label`} labels={label} f={f} />
              <div className="grid gap-x-6 sm:grid-cols-3">
                <Text name={`${p}.unit.en`} label={unit.en} f={f} lang="en" />
                <Text name={`${p}.unit.zh`} label={unit.zh} f={f} lang="zh-Hans" />
                <Text name={`${p}.unit.symbol`} label={tf("unitSymbol")} f={f} short />
              </div>
              <div className="grid gap-x-6 sm:grid-cols-2 sm:items-end">
                <Text name={`${p}.capacity`} label={tf("capacity")} f={f} inputMode="decimal" short />
                <Text name={`${p}.maxPerRequest`} label={tf("maxPerRequest")} hint={t("hints.maxPerRequest")} f={f} inputMode="decimal" short />
              </div>
            </>
          )}
        </Rows>
      )}
    </BuilderForm>
  );
}

export function EligibilityForm({ builder, saved, count }: { builder: BuilderRef; saved: Saved; count: number }) {
  const t = useTranslations("CallBuilder");
  const tf = useTranslations("CallBuilder.fields");
  const question = useBilingualLabels("question");
  const refusal = useBilingualLabels("refusal");
  const labels = rowLabels(count, { key: tf("questionKey"), "question.en": question.en, "question.zh": question.zh, "refusal.en": refusal.en, "refusal.zh": refusal.zh }, "eligibility", (row) =>
    t("eligibilityRow", { number: row + 1 }),
  );
  return (
    <BuilderForm action={saveFormEligibilityAction} hidden={refFields(builder)} labels={labels} saved={saved} submitLabel={t("save")}>
      {(f) => (
        <Rows list="eligibility" count={count} f={f} legend={(row, isNew) => (isNew ? t("newEligibility") : t("eligibilityRow", { number: row + 1 }))}>
          {(p) => (
            <>
              <Text name={`${p}.key`} label={tf("questionKey")} hint={t("hints.itemKey")} f={f} />
              <Bilingual name={`${p}.question`} labels={question} hint={t("hints.eligibilityQuestion")} f={f} multiline />
              <Bilingual name={`${p}.refusal`} labels={refusal} hint={t("hints.refusal")} f={f} multiline />
            </>
          )}
        </Rows>
      )}
    </BuilderForm>
  );
}

export function RubricForm({ builder, saved, count }: { builder: BuilderRef; saved: Saved; count: number }) {
  const t = useTranslations("CallBuilder");
  const tf = useTranslations("CallBuilder.fields");
  const label = useBilingualLabels("label");
  const help = useBilingualLabels("help");
  const instructions = useBilingualLabels("instructions");
  const labels = {
    ...rowLabels(count, { key: tf("criterionKey"), "label.en": label.en, "label.zh": label.zh, "help.en": help.en, "help.zh": help.zh, weight: tf("weight") }, "criteria", (row) =>
      t("criterionRow", { number: row + 1 }),
    ),
    "scale.min": tf("scaleMin"),
    "scale.max": tf("scaleMax"),
    "instructions.en": instructions.en,
    "instructions.zh": instructions.zh,
  };
  return (
    <BuilderForm action={saveFormRubricAction} hidden={refFields(builder)} labels={labels} saved={saved} submitLabel={t("save")}>
      {(f) => (
        <>
          <Rows list="criteria" count={count} f={f} legend={(row, isNew) => (isNew ? t("newCriterion") : t("criterionRow", { number: row + 1 }))}>
            {(p) => (
              <>
                <Text name={`${p}.key`} label={tf("criterionKey")} hint={t("hints.itemKey")} f={f} />
                <Bilingual name={`${p}.label`} labels={label} f={f} />
                <Bilingual name={`${p}.help`} labels={help} f={f} multiline />
                <Text name={`${p}.weight`} label={tf("weight")} hint={t("hints.weight")} f={f} inputMode="decimal" short />
              </>
            )}
          </Rows>
          <fieldset className="mb-5 border-t border-slate-300 pt-4">
            <legend className="text-lg font-bold">{t("scale")}</legend>
            <div className="grid gap-x-6 sm:grid-cols-2">
              <Text name="scale.min" label={labels["scale.min"]} f={f} inputMode="numeric" short />
              <Text name="scale.max" label={labels["scale.max"]} f={f} inputMode="numeric" short />
            </div>
            <Bilingual name="instructions" labels={instructions} hint={t("hints.instructions")} f={f} multiline />
          </fieldset>
        </>
      )}
    </BuilderForm>
  );
}

/** Labels for every row's fields, "Pool 2: Capacity", so the summary names the row. */
function rowLabels(count: number, fields: Record<string, string>, list: string, rowName: (row: number) => string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (let row = 0; row <= count; row++) for (const [name, label] of Object.entries(fields)) labels[`${list}.${row}.${name}`] = `${rowName(row)}: ${label}`;
  return labels;
}

export function DuplicateForm({ id, saved }: { id: string; saved: Saved }) {
  const t = useTranslations("CallBuilder");
  const labels = { slug: t("fields.slug") };
  return (
    <BuilderForm action={duplicateCallAction} hidden={{ id }} labels={labels} saved={saved} submitLabel={t("duplicate")} className="max-w-xl">
      {(f) => <Text name="slug" label={labels.slug} hint={t("hints.slug")} f={f} />}
    </BuilderForm>
  );
}

/** The outcome of a small form beside an item (move, remove): why it was refused, if it was. */
function ItemErrors({ id, state }: { id: string; state: typeof initialBuilderState }) {
  const t = useTranslations("Errors");
  const errorText = useErrorText();
  const placeName = usePlaceName();
  if (state.ok) return null;
  const lines = [
    ...(state.message && state.message !== "summaryTitle" ? [t(state.message)] : []),
    ...Object.values(state.fieldErrors ?? {}).map(errorText),
    ...(state.problems ?? []).map((p) => t("item", { field: placeName(p.place), message: t(p.key) })),
  ];
  if (lines.length === 0) return null;
  return (
    <div id={id} role="alert" className="w-full font-semibold text-accent">
      {lines.map((line, i) => (
        <p key={i}>{line}</p>
      ))}
    </div>
  );
}

/** Move up and move down for one item: one form, the button pressed carries the direction. */
export function MoveForm({ builder, at, label, up, down, anchor }: { builder: BuilderRef; at: ItemPath; label: string; up: boolean; down: boolean; anchor: string }) {
  const t = useTranslations("CallBuilder");
  const locale = useLocale();
  const [state, action] = useActionState(moveFormItemAction, initialBuilderState);
  const errorId = `${anchor}-move-error`;
  const button = "rounded border-2 border-navy px-2 py-0.5 text-sm font-semibold text-navy hover:bg-slate-100";
  const refused = !state.ok && state !== initialBuilderState;
  return (
    <form action={action} noValidate className="flex flex-wrap items-center gap-2">
      <HiddenFields fields={{ locale, ...refFields(builder), ...atFields(at) }} />
      {up && (
        <button type="submit" name="direction" value="up" className={button} aria-describedby={refused ? errorId : undefined}>
          <span aria-hidden="true">↑ </span>
          {t("moveUp")}
          <span className="sr-only"> ({label})</span>
        </button>
      )}
      {down && (
        <button type="submit" name="direction" value="down" className={button} aria-describedby={refused ? errorId : undefined}>
          <span aria-hidden="true">↓ </span>
          {t("moveDown")}
          <span className="sr-only"> ({label})</span>
        </button>
      )}
      <ItemErrors id={errorId} state={state} />
    </form>
  );
}

/** The button that removes an item, on the page that asks whether to. */
export function RemoveForm({ builder, at, label }: { builder: BuilderRef; at: ItemPath; label: string }) {
  const t = useTranslations("CallBuilder");
  const tl = useTranslations("AdminList");
  const locale = useLocale();
  const [state, action] = useActionState(removeFormItemAction, initialBuilderState);
  return (
    <form action={action} noValidate className="flex flex-wrap items-center gap-3">
      <HiddenFields fields={{ locale, ...refFields(builder), ...atFields(at) }} />
      <ItemErrors id="remove-error" state={state} />
      <SubmitButton pendingLabel={tl("saving")} className="rounded bg-accent px-4 py-2 font-semibold text-white hover:opacity-90">
        {t("removeButton", { name: label })}
      </SubmitButton>
    </form>
  );
}

/** How many people an application's team may have, the lead included; blank for the portal's default. */
export function TeamLimitForm({ builder, saved }: { builder: BuilderRef; saved: Saved }) {
  const t = useTranslations("CallBuilder");
  const labels = { maxMembers: t("fields.maxMembers") };
  return (
    <BuilderForm action={saveFormTeamAction} hidden={refFields(builder)} labels={labels} saved={saved} submitLabel={t("save")}>
      {(f) => <Text name="maxMembers" label={t("fields.maxMembers")} hint={t("hints.maxMembers", { count: DEFAULT_TEAM_MAX_MEMBERS })} f={f} inputMode="numeric" short />}
    </BuilderForm>
  );
}
