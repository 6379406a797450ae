import { getFormatter, getTranslations } from "next-intl/server";
import { staffInstant } from "@/lib/staff-dates";
import type { ReactNode } from "react";
import { ContentHeading, localName } from "@/components/admin/content/page-parts";
import { PanelSection, RecordTable } from "@/components/admin/record-table";
import { ClientMessages } from "@/i18n/client-messages";
import { Link } from "@/i18n/link";
import { DEFAULT_TEAM_MAX_MEMBERS, type CallDefinition, type Page, type Question, type QuestionType, type Stage } from "@/lib/calls/definition";
import {
  fixedAnswers,
  isQuestionType,
  itemAt,
  type ItemPath,
  levelOf,
  picksPool,
  QUESTION_TYPES,
  questionFormValues,
  questionsBefore,
  ROW_QUESTION_TYPES,
} from "@/lib/calls/edit";
import type { CallBuilderView } from "@/server/calls/builder";
import type { BuilderRef, Saved } from "./fields";
import { DuplicateForm, EligibilityForm, NewStageForm, PageForm, PoolsForm, QuestionForm, RemoveForm, RubricForm, StageForm, TeamLimitForm } from "./forms";
import { BUILDER_MESSAGES, builderHref, localText, Outline } from "./outline";

// The call builder's page: the form's version and outline, or the one task chosen in the address (?task=…), so every
// step is a link or a form and works without JavaScript.

export type BuilderQuery = Record<string, string | undefined>;

const DONE = ["saved", "created", "moved", "removed", "unchanged", "newVersion", "duplicated"] as const;

export async function CallBuilder({ view, query, locale }: { view: CallBuilderView; query: BuilderQuery; locale: string }) {
  const t = await getTranslations("CallBuilder");
  const { call, form } = view;
  const name = localName(call.titleEn, call.titleZh, locale);
  const builder: BuilderRef = { id: call.id, formVersion: String(form?.version ?? 0), formHash: form?.hash ?? "none" };
  const task = query.task;
  const at: ItemPath = { stage: query.stage ?? "", page: query.page, question: query.question, member: query.member };
  const back = { href: builderHref(call.id), label: t("backToOutline") };
  const heading = (title: string, intro?: string) => <ContentHeading title={title} intro={intro} back={back} />;

  if (task && form) {
    const body = await Task({ task, at, query, builder, definition: form.definition, locale, heading });
    if (body) return <ClientMessages namespaces={BUILDER_MESSAGES}>{body}</ClientMessages>;
  }
  return <Overview view={view} builder={builder} name={name} locale={locale} done={query.done} />;
}

async function Task({
  task,
  at,
  query,
  builder,
  definition,
  locale,
  heading,
}: {
  task: string;
  at: ItemPath;
  query: BuilderQuery;
  builder: BuilderRef;
  definition: CallDefinition;
  locale: string;
  heading: (title: string, intro?: string) => ReactNode;
}): Promise<ReactNode> {
  const t = await getTranslations("CallBuilder");
  const item = at.stage ? itemAt(definition, at) : null;
  const gone = (
    <>
      {heading(t("goneTitle"))}
      <p>{t("gone")}</p>
    </>
  );
  switch (task) {
    case "stage":
      if (!at.stage)
        return (
          <>
            {heading(t("addStage"), t("hints.newStage"))}
            <NewStageForm builder={builder} first={false} />
          </>
        );
      if (!item || levelOf(at) !== "stage") return gone;
      return (
        <>
          {heading(t("editStage", { key: at.stage }))}
          <StageForm builder={builder} at={{ stage: at.stage }} saved={{ key: at.stage }} />
        </>
      );
    case "page": {
      if (!at.page) {
        if (!item) return gone;
        return (
          <>
            {heading(t("addPageTitle", { stage: at.stage }))}
            <PageForm builder={builder} at={{ stage: at.stage }} intent="add" />
          </>
        );
      }
      const page = item as Page | null;
      if (!page || levelOf(at) !== "page") return gone;
      return (
        <>
          {heading(t("editPage", { title: localText(page.title, locale) }))}
          <PageForm builder={builder} at={at} intent="edit" saved={{ key: page.key, "title.en": page.title.en, "title.zh": page.title.zh }} />
        </>
      );
    }
    case "question": {
      const question = item as Question | null;
      if (!question || (levelOf(at) !== "question" && levelOf(at) !== "member")) return gone;
      return (
        <>
          {heading(t("editQuestion", { name: `${localText(question.label, locale)} (${question.key})` }), t(`typeHints.${question.type}`))}
          <QuestionForm {...questionContext(definition, at, "edit", locale)} builder={builder} at={at} intent="edit" type={question.type} saved={{ "showIf.mode": "equals", ...questionFormValues(question) }} />
        </>
      );
    }
    case "add-question": {
      // The page, or (with question) the group whose rows get the new question.
      const parent = itemAt(definition, { stage: at.stage, page: at.page, question: at.question });
      const inGroup = at.question !== undefined;
      if (!parent || !at.page || at.member !== undefined || (inGroup && (parent as Question).type !== "group")) return gone;
      const where = inGroup ? localText((parent as Question).label, locale) : localText((parent as Page).title, locale);
      const type = query.type;
      const allowed: readonly QuestionType[] = inGroup ? ROW_QUESTION_TYPES : QUESTION_TYPES;
      if (!isQuestionType(type) || !allowed.includes(type)) {
        return (
          <>
            {heading(inGroup ? t("addRowQuestionTo", { group: where }) : t("addQuestionTo", { page: where }), t("chooseTypeIntro"))}
            <TypeChooser callId={builder.id} at={at} types={allowed} locale={locale} />
          </>
        );
      }
      return (
        <>
          {heading(t("addTypeTo", { type: t(`types.${type}`), where }), t(`typeHints.${type}`))}
          <p className="mb-4 text-sm">
            <Link href={builderHref(builder.id, { task: "add-question", stage: at.stage, page: at.page, question: at.question })}>{t("otherType")}</Link>
          </p>
          <QuestionForm {...questionContext(definition, at, "add", locale)} builder={builder} at={at} intent="add" type={type} saved={newQuestionValues(type)} />
        </>
      );
    }
    case "remove": {
      if (!item) return gone;
      const level = levelOf(at);
      const label =
        level === "stage" ? (item as Stage).key : level === "page" ? localText((item as Page).title, locale) : `${localText((item as Question).label, locale)} (${(item as Question).key})`;
      return (
        <>
          {heading(t("removeTitle", { name: label }), t(`removeIntro.${level}`))}
          <div className="flex flex-wrap items-center gap-4">
            <RemoveForm builder={builder} at={at} label={label} />
            <Link href={builderHref(builder.id)}>{t("cancel")}</Link>
          </div>
        </>
      );
    }
    case "pools":
      return (
        <>
          {heading(t("poolsTitle"), t("hints.pools"))}
          <PoolsForm builder={builder} count={definition.pools.length} saved={rowValues("pools", definition.pools, (p) => ({ was: p.key, key: p.key, "label.en": p.label.en, "label.zh": p.label.zh, "unit.en": p.unit.en, "unit.zh": p.unit.zh, "unit.symbol": p.unit.symbol, capacity: String(p.capacity), maxPerRequest: p.maxPerRequest === undefined ? undefined : String(p.maxPerRequest) }))} />
        </>
      );
    case "eligibility":
      return (
        <>
          {heading(t("eligibilityTitle"), t("hints.eligibility"))}
          <EligibilityForm
            builder={builder}
            count={definition.eligibility.length}
            saved={rowValues("eligibility", definition.eligibility, (e) => ({ key: e.key, "question.en": e.question.en, "question.zh": e.question.zh, "refusal.en": e.refusal.en, "refusal.zh": e.refusal.zh }))}
          />
        </>
      );
    case "rubric": {
      const { rubric } = definition;
      const saved = {
        ...rowValues("criteria", rubric.criteria, (c) => ({ key: c.key, "label.en": c.label.en, "label.zh": c.label.zh, "help.en": c.help?.en, "help.zh": c.help?.zh, weight: String(c.weight) })),
        "scale.min": String(rubric.scale.min),
        "scale.max": String(rubric.scale.max),
        "instructions.en": rubric.instructions.en,
        "instructions.zh": rubric.instructions.zh,
      };
      return (
        <>
          {heading(t("rubricTitle"), t("hints.rubric"))}
          <RubricForm builder={builder} count={rubric.criteria.length} saved={saved} />
        </>
      );
    }
    case "team":
      return (
        <>
          {heading(t("teamTitle"), t("hints.team"))}
          <TeamLimitForm builder={builder} saved={{ maxMembers: definition.team ? String(definition.team.maxMembers) : "" }} />
        </>
      );
    default:
      return null;
  }
}

/** A list's saved rows under the row fields' names ("pools.0.key"). */
function rowValues<T>(list: string, items: T[], values: (item: T) => Saved): Saved {
  return Object.fromEntries(items.flatMap((item, row) => Object.entries(values(item)).map(([name, value]) => [`${list}.${row}.${name}`, value])));
}

/** A new question's starting values: required, and the limits most questions of its type use. */
function newQuestionValues(type: QuestionType): Saved {
  const common = { required: "on", "showIf.mode": "equals" };
  const byType: Partial<Record<QuestionType, Saved>> = {
    shortText: { maxLength: "200" },
    longText: { "limit.unit": "words", "limit.max": "500" },
    attachment: { maxMegabytes: "10", maxFiles: "1" },
    group: { maxItems: "10", "first.type": "shortText", "first.required": "on" },
  };
  return { ...common, ...byType[type] };
}

/** What a question's form may name: earlier questions with fixed answers, the call's pools, earlier choices of a pool. */
function questionContext(definition: CallDefinition, at: ItemPath, intent: "add" | "edit", locale: string) {
  const before = questionsBefore(definition, at, intent);
  const labelOf = (q: { label: { en: string; zh: string } }) => localText(q.label, locale);
  return {
    targets: before.flatMap((q) => {
      const values = fixedAnswers(q);
      return values ? [{ key: q.key, label: labelOf(q), values }] : [];
    }),
    pools: definition.pools.map((p) => ({ key: p.key, label: `${labelOf(p)} (${p.unit.symbol})` })),
    poolChoices: before.filter(picksPool).map((q) => ({ key: q.key, label: labelOf(q) })),
  };
}

/** The question types, each with what it asks, as a form that goes on to the chosen type's fields. */
async function TypeChooser({ callId, at, types, locale }: { callId: string; at: ItemPath; types: readonly QuestionType[]; locale: string }) {
  const t = await getTranslations("CallBuilder");
  return (
    <form method="get" action={`/${locale}${builderHref(callId)}`} className="max-w-3xl">
      <input type="hidden" name="task" value="add-question" />
      <input type="hidden" name="stage" value={at.stage} />
      {at.page && <input type="hidden" name="page" value={at.page} />}
      {at.question && <input type="hidden" name="question" value={at.question} />}
      <fieldset className="mb-5">
        <legend className="mb-2 font-semibold">{t("fields.type")}</legend>
        <div className="space-y-3">
          {types.map((type, i) => (
            <label key={type} className="flex items-start gap-3 rounded border border-slate-300 bg-white p-3">
              <input type="radio" name="type" value={type} defaultChecked={i === 0} className="mt-1 h-5 w-5 shrink-0 accent-navy" />
              <span>
                <span className="block font-semibold">{t(`types.${type}`)}</span>
                <span className="block text-sm text-slate-700">{t(`typeHints.${type}`)}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      <button type="submit" className="rounded bg-navy px-5 py-3 font-semibold text-white shadow hover:bg-sky">
        {t("continue")}
      </button>
    </form>
  );
}

async function Overview({ view, builder, name, locale, done }: { view: CallBuilderView; builder: BuilderRef; name: string; locale: string; done?: string }) {
  const [t, format] = await Promise.all([getTranslations("CallBuilder"), getFormatter()]);
  const { call, form } = view;
  const notice = done && (DONE as readonly string[]).includes(done) ? t(`done.${done as (typeof DONE)[number]}`, { version: form?.version ?? 1 }) : null;
  return (
    <>
      <ContentHeading title={t("title", { name })} intro={t("intro")} back={{ href: `/admin/opportunities/${call.id}`, label: name }} />
      {notice && (
        <p role="status" className="mb-6 border-s-4 border-navy bg-slate-100 p-3 font-semibold">
          {notice}
        </p>
      )}
      <PanelSection id="version" title={t("versionTitle")}>
        <div className="space-y-2 rounded border border-slate-300 bg-white p-4">
          {form ? (
            <>
              <p className="font-semibold">{t("version", { version: form.version, saved: staffInstant(form.updatedAt, locale) })}</p>
              <p>{view.submitted > 0 ? t("frozen", { count: view.submitted, version: form.version, next: form.version + 1 }) : t("editable", { version: form.version })}</p>
            </>
          ) : (
            <p>{t("noForm")}</p>
          )}
          <p className="text-sm text-slate-700">
            {call.published ? t("publishedNote") : t("draftNote")} <Link href={`/admin/opportunities/${call.id}`}>{t("recordLink")}</Link>
          </p>
          {!call.acceptsApplications && <p className="text-sm text-slate-700">{t("noPrefix")}</p>}
        </div>
      </PanelSection>

      {!form ? (
        <PanelSection id="outline" title={t("startTitle")} hint={t("hints.newStage")}>
          <ClientMessages namespaces={BUILDER_MESSAGES}>
            <NewStageForm builder={builder} first />
          </ClientMessages>
        </PanelSection>
      ) : (
        <>
          <PanelSection id="outline" title={t("outlineTitle")} hint={t("hints.outline")}>
            <Outline builder={builder} definition={form.definition} callStages={view.callStages} locale={locale} />
            <p className="mt-4">
              <Link href={builderHref(call.id, { task: "stage" })} className="inline-block rounded bg-navy px-4 py-2 font-semibold text-white no-underline hover:bg-sky">
                <span aria-hidden="true">+ </span>
                {t("addStage")}
              </Link>
            </p>
          </PanelSection>
          <ListsSummary callId={call.id} definition={form.definition} reserved={view.reserved} locale={locale} />
        </>
      )}

      <PanelSection id="duplicate" title={t("duplicateTitle")} hint={t("hints.duplicate")}>
        <ClientMessages namespaces={BUILDER_MESSAGES}>
          <DuplicateForm id={call.id} saved={{ slug: `${call.slug}-copy` }} />
        </ClientMessages>
      </PanelSection>
    </>
  );
}

/** The call's pools, eligibility questions and rubric, each with a link to its form. */
async function ListsSummary({ callId, definition, reserved, locale }: { callId: string; definition: CallDefinition; reserved: Record<string, number>; locale: string }) {
  const [t, format] = await Promise.all([getTranslations("CallBuilder"), getFormatter()]);
  const editLink = (task: string, label: string) => (
    <p className="mt-3">
      <Link href={builderHref(callId, { task })} className="font-semibold">
        {label}
      </Link>
    </p>
  );
  const { pools, eligibility, rubric } = definition;
  return (
    <>
      <PanelSection id="pools" title={t("poolsTitle")} hint={t("hints.pools")}>
        {pools.length === 0 ? (
          <p>{t("noPools")}</p>
        ) : (
          <RecordTable
            caption={t("poolsTitle")}
            columns={[t("fields.poolKey"), t("fields.poolName"), t("fields.capacity"), t("fields.reserved"), t("fields.maxPerRequest")]}
            rows={pools.map((p) => ({
              key: p.key,
              cells: [
                <code key="k">{p.key}</code>,
                localText(p.label, locale),
                `${format.number(p.capacity)} ${p.unit.symbol}`,
                `${format.number(reserved[p.key] ?? 0)} ${p.unit.symbol}`,
                p.maxPerRequest === undefined ? "—" : `${format.number(p.maxPerRequest)} ${p.unit.symbol}`,
              ],
            }))}
          />
        )}
        {editLink("pools", t("editPools"))}
      </PanelSection>
      <PanelSection id="eligibility" title={t("eligibilityTitle")} hint={t("hints.eligibility")}>
        {eligibility.length === 0 ? (
          <p>{t("noEligibility")}</p>
        ) : (
          <ol className="list-decimal space-y-1 ps-6">
            {eligibility.map((e) => (
              <li key={e.key}>
                {localText(e.question, locale)} <code className="text-sm">({e.key})</code>
              </li>
            ))}
          </ol>
        )}
        {editLink("eligibility", t("editEligibility"))}
      </PanelSection>
      <PanelSection id="rubric" title={t("rubricTitle")} hint={t("hints.rubric")}>
        <p className="mb-2">{t("scaleSummary", { min: rubric.scale.min, max: rubric.scale.max })}</p>
        <ol className="list-decimal space-y-1 ps-6">
          {rubric.criteria.map((c) => (
            <li key={c.key}>
              {localText(c.label, locale)} <code className="text-sm">({c.key})</code> · {t("weightSummary", { weight: format.number(c.weight) })}
            </li>
          ))}
        </ol>
        {editLink("rubric", t("editRubric"))}
      </PanelSection>
      <PanelSection id="team" title={t("teamTitle")} hint={t("hints.team")}>
        <p className="mb-2" data-testid="team-limit-summary">
          {definition.team ? t("teamSummary", { count: definition.team.maxMembers }) : t("teamDefault", { count: DEFAULT_TEAM_MAX_MEMBERS })}
        </p>
        {editLink("team", t("editTeam"))}
      </PanelSection>
    </>
  );
}
