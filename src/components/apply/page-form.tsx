"use client";

import { useLocale, useTranslations } from "next-intl";
import { useActionState, useMemo, useState, useSyncExternalStore, type FormEvent } from "react";
import { typedAnswersOf, type StepFormState } from "@/lib/calls/answer-revision";
import { markCopySent, useUnsavedGuard } from "./unsaved-guard";
import { ErrorSummary, SubmitButton, valueOf } from "@/components/forms/fields";
import { describeFieldErrors } from "@/lib/calls/answer-errors";
import { pageAnswersSchema } from "@/lib/calls/answers";
import type { CallDefinition, FieldQuestion, Page, Question, Rule } from "@/lib/calls/definition";
import { fieldErrorsOf, formDataToObject, initialFormState, submittedValues } from "@/lib/form-state";
import { saveStepAction } from "@/server/actions/applications";
import type { ApplicantView } from "@/server/applications/service";
import { questionLabel, QuestionField, type FieldContext } from "./question-field";
import { answersByQuestion, shownQuestions } from "@/lib/calls/show-if";

type Form = NonNullable<ApplicantView["form"]>;

/** The part of a call's definition a page's answers schema reads; the stage's cross-page rules are checked by the server. */
const definitionOf = (form: Form) => ({ stages: [{ key: form.stageKey, form: { pages: form.pages, rules: [] as Rule[] } }], pools: form.pools }) as CallDefinition;

/** A value saved under a dotted name ("participants.0.country"). */
const savedAt = (saved: Record<string, unknown> | undefined, name: string) =>
  name.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], saved);

const noSubscription = () => () => {};

/**
 * One page of a call's form, from its definition. The page's schema checks the answers in the browser first and the
 * server checks them again and decides; without JavaScript every question is shown and the server alone decides.
 */
export function PageForm({
  token,
  form,
  page,
  answers,
  returnTo,
  remaining,
  revision,
}: {
  token: string;
  form: Form;
  page: Page;
  /** The draft's saved answers, per page: this page's fill its fields, the others decide its conditions. */
  answers: Record<string, unknown>;
  returnTo?: string;
  remaining: Record<string, number>;
  /** The page's saved answers as loaded (`pageRevision`): the server refuses a save from an older copy. */
  revision: string;
}) {
  const t = useTranslations("Apply");
  const locale = useLocale();
  // This page's saved answers, with what was typed and not accepted in place of the answers it did not replace.
  const typed = typedAnswersOf(answers[page.key]);
  const saved = { ...(answers[page.key] as Record<string, unknown> | undefined), ...typed };
  const schema = useMemo(
    () => pageAnswersSchema(definitionOf(form), form.stageKey, page.key, { locale, saved: answersByQuestion(answers) }),
    [form, page.key, locale, answers],
  );
  const multiValued = page.questions.filter((q) => q.type === "multipleChoice").map((q) => q.key);
  // Coming back to a page with such answers: their errors show at once, as when they were saved.
  const [returned] = useState<StepFormState>(() => {
    if (Object.keys(typed).length === 0) return initialFormState;
    const parsed = schema.safeParse(saved);
    const errors = parsed.success ? {} : Object.fromEntries(Object.entries(fieldErrorsOf(parsed.error)).filter(([path]) => path.split(".")[0]! in typed));
    return Object.keys(errors).length > 0 ? { ok: false, message: "invalidKept", fieldErrors: errors } : initialFormState;
  });
  const [serverState, action] = useActionState<StepFormState, FormData>(saveStepAction, returned);
  const [browserCheck, setBrowserCheck] = useState<{ state: StepFormState; after: StepFormState } | null>(null);
  const [dirty, setDirty] = useState(false);
  const copy = `${token}/${page.key}/${revision}`;
  useUnsavedGuard(dirty, t("leaveUnsaved"), copy);
  const state = browserCheck && browserCheck.after === serverState ? browserCheck.state : serverState;
  // The form's values as last changed, which conditions and the capacity hint follow; before any change, the fields' own.
  const [live, setLive] = useState<Record<string, string | string[]> | null>(null);
  // False on the server and while hydrating: every question stays shown until the browser can follow the conditions.
  const scripted = useSyncExternalStore(noSubscription, () => true, () => false);
  const choiceOptions = useMemo(() => {
    const all = form.pages.flatMap((p) => p.questions).flatMap((q): (Question | FieldQuestion)[] => (q.type === "group" ? [q, ...q.questions] : [q]));
    return new Map(all.map((q) => [q.key, q.type === "singleChoice" ? q.options : []]));
  }, [form]);

  // Each error as a sentence naming its question, its unit and limits, and the fix.
  const tErrors = useTranslations("Errors");
  const fieldErrors = useMemo(
    () => describeFieldErrors(state.fieldErrors ?? {}, page.questions, tErrors, { locale, pools: form.pools }),
    [state.fieldErrors, page.questions, tErrors, locale, form.pools],
  );

  const ctx: FieldContext = {
    locale,
    errors: fieldErrors,
    text: (name) => valueOf(state, saved, name),
    // Once posted, the boxes ticked then (none is an answer too); before, the saved ones.
    choices: (name) => (state.values ? [state.values[name] ?? []].flat() : ((savedAt(saved, name) as string[] | undefined) ?? [])),
    current: (name) => {
      const value = live ? live[name] : valueOf(state, saved, name);
      return Array.isArray(value) ? value[0] : value;
    },
    choiceOptions: (key) => choiceOptions.get(key) ?? [],
    pools: form.pools,
    remaining,
  };

  const onPage = Object.fromEntries(
    page.questions.map((q) => [q.key, q.type === "multipleChoice" ? (live ? [live[q.key] ?? []].flat() : ctx.choices(q.key)) : ctx.current(q.key)]),
  );
  const shown = scripted ? shownQuestions(form.pages, { ...answersByQuestion(answers), ...onPage }) : null;

  const labels: Record<string, string> = {};
  for (const q of page.questions) {
    if (q.type === "attachment") continue;
    labels[q.key] = questionLabel(t, q, locale).text;
    if (q.type !== "group") continue;
    for (let row = 0; row < q.maxItems; row++) for (const m of q.questions) labels[`${q.key}.${row}.${m.key}`] = questionLabel(t, m, locale, row).text;
  }

  // The errors show at once; the answers still go to the server, which keeps the valid ones as a draft.
  const checkInBrowser = (event: FormEvent<HTMLFormElement>) => {
    const formData = new FormData(event.currentTarget);
    const values = submittedValues(formData);
    // A file chosen in this page's upload form and not sent would be lost by moving on.
    const pendingFile = Array.from(document.querySelectorAll<HTMLInputElement>("input[type=file]")).some((input) => (input.files?.length ?? 0) > 0);
    if (pendingFile) {
      event.preventDefault();
      return setBrowserCheck({ state: { ok: false, message: "fileNotUploaded", values }, after: serverState });
    }
    markCopySent(copy);
    const parsed = schema.safeParse(formDataToObject(formData, multiValued));
    if (parsed.success) return setBrowserCheck(null);
    setBrowserCheck({ state: { ok: false, message: "summaryTitle", fieldErrors: fieldErrorsOf(parsed.error), values }, after: serverState });
  };

  return (
    <form
      key={revision}
      action={action}
      onSubmit={checkInBrowser}
      onInput={() => setDirty(true)}
      onChange={(e) => {
        setDirty(true);
        setLive(submittedValues(new FormData(e.currentTarget)));
      }}
      noValidate
      className="max-w-2xl"
    >
      <ErrorSummary state={{ ...state, fieldErrors }} labels={labels} focusKey={state} />
      {state.changed && state.changed.length > 0 && (
        <section aria-labelledby="changed-since-title" className="mb-6 border-s-4 border-accent bg-white p-4" data-testid="changed-since">
          <h2 id="changed-since-title" className="text-lg font-bold">
            {t("changedSinceTitle")}
          </h2>
          <dl className="mt-2 space-y-2">
            {state.changed.map((c) => (
              <div key={c.key}>
                <dt className="font-semibold">{c.label}</dt>
                <dd className="break-words">{c.value || t("notAnswered")}</dd>
              </div>
            ))}
          </dl>
          <p className="mt-3 text-sm text-slate-700">{t("changedSinceNext")}</p>
        </section>
      )}
      <input type="hidden" name="revision" value={state.values?.revision ?? revision} />
      <input type="hidden" name="locale" value={locale} />
      <input type="hidden" name="token" value={token} />
      <input type="hidden" name="step" value={page.key} />
      {returnTo && <input type="hidden" name="returnTo" value={returnTo} />}
      {page.questions.map((q) => {
        if (!q.showIf) return <QuestionField key={q.key} question={q} ctx={ctx} />;
        const visible = !shown || shown.has(q.key);
        // A disabled fieldset keeps a hidden question's controls out of the post, and keeps what was typed for when it returns.
        return (
          <fieldset key={q.key} hidden={!visible} disabled={!visible} className="min-w-0">
            <QuestionField question={q} ctx={ctx} />
          </fieldset>
        );
      })}
      <SubmitButton pendingLabel={t("saving")}>{t("continue")}</SubmitButton>
    </form>
  );
}
