import "server-only";
import type { Locale } from "@/i18n/locales";
import { renderEmail, type RenderedEmail } from "./render";
import { applicationFacts, type ApplicationNames } from "./templates";

// The decision notices: written when a decision is applied, held in OutboxEmail until staff release them.
// Every value that came from the applicant or staff is escaped in the HTML; the text says the same thing.

export interface DecisionFacts extends ApplicationNames {
  /** The applicant's interface language: the wording of the notice (the call's title stays in its content language). */
  locale: Locale;
  outcome: "ACCEPTED" | "DECLINED";
  /** The committee's note to the applicant, if any. */
  note?: string | null;
  /** Whether the acceptance reserved something of the call's pools (a call without pools reserves nothing). */
  reserved?: boolean;
}

/** Each outcome's own words in the catalogue. */
const NOTICE = { ACCEPTED: "Mail.decision.accepted", DECLINED: "Mail.decision.declined" } as const;

/** The notice of an applied decision, in the applicant's language, as plain text and HTML. */
export function decisionEmail(facts: DecisionFacts): Promise<RenderedEmail> {
  const notice = NOTICE[facts.outcome];
  const note = facts.note?.trim() || null;
  return renderEmail(facts.locale, (t) => ({
    subject: t(`${notice}.subject`, { reference: facts.reference }),
    blocks: [
      { paragraph: t("Mail.decision.greeting") },
      { paragraph: t(`${notice}.opening`, { call: facts.call }) },
      ...(facts.outcome === "ACCEPTED" && facts.reserved ? [{ paragraph: t("Mail.decision.accepted.reserved") }] : []),
      { facts: [...applicationFacts(t, facts), [t("Mail.facts.decision"), t(`${notice}.outcome`)]] },
      ...(note ? [{ quote: [t("Mail.decision.note"), note] as [string, string] }] : []),
      { paragraph: t(`${notice}.next`) },
      { paragraph: t("Mail.decision.status") },
    ],
  }));
}
