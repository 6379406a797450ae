import "server-only";
import { answersAsText, readAnswers, type AnsweredForm } from "@/lib/calls/render";
import { pickText } from "@/lib/localize";
import { formViewOf } from "../applications/service";
import { answerWordsFor } from "../calls/answer-words";
import { definitionOf } from "../calls/definitions";
import { prisma } from "../db";
import type { CsvColumn } from "./csv";

// The staff CSV's answer columns: one per question of the form versions the exported applications answered, each
// application's answers read against its own version. A question is its page, key and English label, so a label
// renamed in a later version is a column of its own, and each row keeps the wording its applicant answered.

/** Staff read exports in English, whatever language the applicant used. */
const EXPORT_LOCALE = "en";

export interface AnswerCells {
  /** The call's slug. */
  call: string;
  /** The version of the call's form the application answered; null for a call whose form is not defined here. */
  formVersion: number | null;
  /** Each answered question's text, by column id. */
  cells: Map<string, string>;
}

interface QuestionColumn {
  id: string;
  header: string;
}

/** Several answers in one cell (a group's rows, several choices, files), as the open-data CSV joins lists. */
const LIST_SEPARATOR = "; ";

/**
 * The answers of these applications, and the columns that hold them: forms in order of call and version, each form's
 * questions in the order it asks them, every column once.
 */
export async function exportAnswers(applicationIds: string[]): Promise<{ columns: QuestionColumn[]; byApplication: Map<string, AnswerCells> }> {
  const rows = await prisma.application.findMany({
    where: { id: { in: applicationIds } },
    select: {
      id: true,
      opportunityId: true,
      definitionId: true,
      answers: true,
      opportunity: { select: { slug: true } },
      stage: { select: { position: true } },
      attachments: { select: { kind: true, fileName: true }, orderBy: { createdAt: "asc" } },
    },
  });
  const words = await answerWordsFor(EXPORT_LOCALE);

  // Applications answering the same version of the same stage share one reading of it.
  const forms = new Map<string, Promise<{ form: AnsweredForm | null; version: number | null }>>();
  const formOf = (row: (typeof rows)[number]) => {
    const key = `${row.opportunityId}|${row.definitionId ?? ""}|${row.stage?.position ?? 0}`;
    let found = forms.get(key);
    if (!found) {
      found = Promise.all([formViewOf(row), definitionOf(row)]).then(([form, stored]) => ({ form, version: stored?.version ?? null }));
      forms.set(key, found);
    }
    return found;
  };

  const read = await Promise.all(
    rows.map(async (row) => {
      const { form, version } = await formOf(row);
      const answers = (row.answers ?? {}) as Record<string, unknown>;
      const pages = form ? answersAsText(readAnswers(form, answers, row.attachments, EXPORT_LOCALE), EXPORT_LOCALE, words) : [];
      return { row, form, version, pages };
    }),
  );

  const columns = new Map<string, QuestionColumn>();
  const ordered = [...read].sort((a, b) => a.row.opportunity.slug.localeCompare(b.row.opportunity.slug) || (a.version ?? 0) - (b.version ?? 0));
  for (const { form } of ordered) {
    for (const page of form?.pages ?? []) {
      for (const q of page.questions) {
        const label = pickText(q.label, EXPORT_LOCALE);
        const id = columnId(page.key, q.key, label);
        if (!columns.has(id)) columns.set(id, { id, header: `${label} [${page.key}.${q.key}]` });
      }
    }
  }

  const byApplication = new Map(
    read.map(({ row, version, pages }): [string, AnswerCells] => {
      const cells = new Map(pages.flatMap((page) => page.questions.map((q) => [columnId(page.key, q.key, q.label), q.lines.join(LIST_SEPARATOR)] as const)));
      return [row.id, { call: row.opportunity.slug, formVersion: version, cells }];
    }),
  );
  return { columns: [...columns.values()], byApplication };
}

const columnId = (page: string, question: string, label: string) => JSON.stringify([page, question, label]);

/** The CSV columns of the answers, for rows that carry the application's id. */
export function answerColumns<Row extends { id: string }>(exported: Awaited<ReturnType<typeof exportAnswers>>): CsvColumn<Row>[] {
  const of = (row: Row) => exported.byApplication.get(row.id);
  return [
    { header: "call", value: (row) => of(row)?.call },
    { header: "formVersion", value: (row) => of(row)?.formVersion },
    ...exported.columns.map((column): CsvColumn<Row> => ({ header: column.header, value: (row) => of(row)?.cells.get(column.id) })),
  ];
}
