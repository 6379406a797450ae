import "server-only";
import { createTranslator } from "next-intl";
import { loadMessages } from "./request";

export type Translate = (key: string, values?: Record<string, string | number>) => string;

/** The catalogue's strings for text rendered outside any page: mail, the receipt, feeds, calendars and open-data files. */
export async function translatorFor(locale: string): Promise<Translate> {
  const t = createTranslator({ locale, messages: await loadMessages(locale) });
  // The catalogue is not typed in this project, so keys are checked by the tests rather than the compiler.
  return (key, values) => (t as unknown as Translate)(key, values);
}
