import "server-only";
import { createTranslator } from "next-intl";
import { loadMessages } from "@/i18n/request";
import type { AnswerWords } from "@/lib/calls/render";

type Markup = (key: string, values: Record<string, string | ((chunks: string) => string)>) => string;

/** The wording around answers in plain text (receipts, exports), as the check page words them (the Apply catalogue). */
export async function answerWordsFor(locale: string): Promise<AnswerWords> {
  const t = createTranslator({ locale, messages: await loadMessages(locale), namespace: "Apply" });
  // The catalogue is not typed in this project: keys are checked by the tests rather than the compiler.
  const markup = t.markup as unknown as Markup;
  return {
    yes: markup("yes", {}),
    no: markup("no", {}),
    amount: (number, unit) => markup("amount", { value: number, unit }),
    row: (first, rest) => markup("rowSummary", { first: () => first, rest: () => rest }),
  };
}
