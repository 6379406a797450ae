import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { ClientMessages } from "@/i18n/client-messages";
import { Link } from "@/i18n/link";
import type { Bilingual, CallDefinition, FieldQuestion, Question } from "@/lib/calls/definition";
import type { ItemPath } from "@/lib/calls/edit";
import type { BuilderRef } from "./fields";
import { MoveForm } from "./forms";

// The call's form as an outline: stages, their pages, their questions (and a group's row questions), each with
// its edit, move and remove controls. Every control is a link or a form, so the outline works without JavaScript.

export const BUILDER_MESSAGES = ["CallBuilder", "Errors", "AdminList"];

/** The builder's address with a task and an item in its query, e.g. ?task=question&stage=…&page=…&question=…. */
export function builderHref(callId: string, query: Record<string, string | undefined> = {}, sub = ""): string {
  const params = new URLSearchParams(Object.entries(query).filter((entry): entry is [string, string] => entry[1] !== undefined));
  const search = params.toString();
  return `/admin/opportunities/${encodeURIComponent(callId)}/form${sub}${search ? `?${search}` : ""}`;
}

export const localText = (text: Bilingual, locale: string) => (locale === "zh" ? text.zh : text.en);

/** An item's anchor in the outline, by its indices: actions return to it after a change. */
export const anchorOf = (...indices: number[]) => `item-${indices.join("-")}`;

interface OutlineProps {
  builder: BuilderRef;
  definition: CallDefinition;
  callStages: { titleEn: string; titleZh: string }[];
  locale: string;
}

export async function Outline({ builder, definition, callStages, locale }: OutlineProps) {
  const t = await getTranslations("CallBuilder");
  const stages = definition.stages;
  return (
    <ClientMessages namespaces={BUILDER_MESSAGES}>
      <ol className="space-y-6">
        {stages.map((stage, s) => {
          const at = { stage: stage.key };
          const dated = callStages[s];
          const name = t("stageName", { number: s + 1, key: stage.key });
          return (
            <li key={stage.key} id={anchorOf(s)} className="rounded border-2 border-slate-300 bg-white p-3 sm:p-4">
              <ItemHeading level="stage" title={name}>
                <p className="text-sm text-slate-700">
                  {dated ? t("answeredIn", { title: locale === "zh" ? dated.titleZh : dated.titleEn }) : t("notDated", { number: s + 1 })}
                </p>
              </ItemHeading>
              <Controls builder={builder} at={at} label={name} anchor={anchorOf(s)} up={s > 0} down={s < stages.length - 1} edit={{ task: "stage" }}>
                <Link href={builderHref(builder.id, { task: "page", ...at })}>{t("addPageToStage")}</Link>
              </Controls>
              <ol className="mt-4 space-y-4">
                {stage.form.pages.map((page, p) => {
                  const pageAt = { ...at, page: page.key };
                  const pageName = t("pageName", { number: p + 1, title: localText(page.title, locale), key: page.key });
                  const first = p === 0;
                  const last = p === stage.form.pages.length - 1;
                  return (
                    <li key={page.key} id={anchorOf(s, p)} className="rounded border border-slate-300 bg-slate-50 p-2 sm:p-3">
                      <ItemHeading level="page" title={pageName} />
                      <Controls builder={builder} at={pageAt} label={pageName} anchor={anchorOf(s, p)} up={!first} down={!last} edit={{ task: "page" }}>
                        <Link href={builderHref(builder.id, { stage: stage.key, page: page.key }, "/preview")}>{t("preview")}</Link>
                      </Controls>
                      {page.questions.length === 0 ? (
                        <p className="mt-3 text-sm text-slate-700">{t("noQuestions")}</p>
                      ) : (
                        <ol className="mt-3 space-y-2">
                          {page.questions.map((question, q) => (
                            <QuestionItem
                              key={question.key}
                              builder={builder}
                              question={question}
                              at={{ ...pageAt, question: question.key }}
                              indices={[s, p, q]}
                              locale={locale}
                              up={!(first && q === 0)}
                              down={!(last && q === page.questions.length - 1)}
                            />
                          ))}
                        </ol>
                      )}
                      <p className="mt-3">
                        <Link href={builderHref(builder.id, { task: "add-question", ...pageAt })} className="font-semibold">
                          <span aria-hidden="true">+ </span>
                          {t("addQuestionTo", { page: localText(page.title, locale) })}
                        </Link>
                      </p>
                    </li>
                  );
                })}
              </ol>
            </li>
          );
        })}
      </ol>
    </ClientMessages>
  );
}

async function QuestionItem({
  builder,
  question,
  at,
  indices,
  locale,
  up,
  down,
}: {
  builder: BuilderRef;
  question: Question | FieldQuestion;
  at: ItemPath;
  indices: number[];
  locale: string;
  up: boolean;
  down: boolean;
}) {
  const t = await getTranslations("CallBuilder");
  const name = `${localText(question.label, locale)} (${question.key})`;
  const anchor = anchorOf(...indices);
  return (
    <li id={anchor} className="rounded border border-slate-200 bg-white p-3">
      {/* The controls beside the question on wide screens, under it on narrow ones or when they carry a refusal. */}
      <div className="sm:flex sm:flex-wrap sm:items-start sm:justify-between sm:gap-x-4 sm:gap-y-2">
        <div className="min-w-0 sm:flex-1 sm:basis-64">
          <p className="font-semibold break-words">{name}</p>
          <p className="text-sm break-words text-slate-700">
            {t(`types.${question.type}`)} · {question.required ? t("requiredShort") : t("optionalShort")}
            {question.showIf && (
              <>
                {" · "}
                {t(question.showIf.equals !== undefined ? "shownWhen" : "shownUnless", {
                  question: question.showIf.question,
                  values: [question.showIf.equals ?? question.showIf.notEquals ?? []].flat().join(", "),
                })}
              </>
            )}
          </p>
        </div>
        <Controls builder={builder} at={at} label={name} anchor={anchor} up={up} down={down} edit={{ task: "question" }} className="mt-2 max-w-full sm:mt-0" />
      </div>
      {question.type === "group" && (
        <div className="mt-3 border-s-4 border-slate-300 ps-3">
          <p className="text-sm font-semibold">{t("rowQuestions")}</p>
          <ol className="mt-2 space-y-2">
            {question.questions.map((member, m) => (
              <QuestionItem
                key={member.key}
                builder={builder}
                question={member}
                at={{ ...at, member: member.key }}
                indices={[...indices, m]}
                locale={locale}
                up={m > 0}
                down={m < question.questions.length - 1}
              />
            ))}
          </ol>
          <p className="mt-2">
            <Link href={builderHref(builder.id, { task: "add-question", ...at })} className="font-semibold">
              <span aria-hidden="true">+ </span>
              {t("addRowQuestion")}
            </Link>
          </p>
        </div>
      )}
    </li>
  );
}

function ItemHeading({ level, title, children }: { level: "stage" | "page"; title: string; children?: ReactNode }) {
  const Heading = level === "stage" ? "h3" : "h4";
  return (
    <div>
      <Heading className={`${level === "stage" ? "text-lg" : "text-base"} font-bold break-words`}>{title}</Heading>
      {children}
    </div>
  );
}

/** An item's controls: edit and remove (links to their forms), move up and down (a form), and anything the level adds. */
async function Controls({
  builder,
  at,
  label,
  anchor,
  up,
  down,
  edit,
  className = "mt-2",
  children,
}: {
  builder: BuilderRef;
  at: ItemPath;
  label: string;
  anchor: string;
  up: boolean;
  down: boolean;
  edit: { task: string };
  className?: string;
  children?: ReactNode;
}) {
  const t = await getTranslations("CallBuilder");
  return (
    <div className={`flex flex-wrap items-center gap-x-4 gap-y-2 text-sm ${className}`}>
      <Link href={builderHref(builder.id, { task: edit.task, ...at })} className="font-semibold">
        {t("edit")}
        <span className="sr-only"> {label}</span>
      </Link>
      {(up || down) && <MoveForm builder={builder} at={at} label={label} up={up} down={down} anchor={anchor} />}
      <Link href={builderHref(builder.id, { task: "remove", ...at })} className="font-semibold text-accent">
        {t("remove")}
        <span className="sr-only"> {label}</span>
      </Link>
      {children}
    </div>
  );
}
