import "server-only";
import { isLocale } from "@/i18n/locales";
import type { OutboxMessage } from "../mail/outbox";
import { renderEmail } from "../mail/render";

// The invitation a co-investigator receives: worded in the language the lead invited them from, with their own link;
// rendered before the transaction that adds the member and writes it to the outbox.

export async function invitationMessage(input: { email: string; locale: string; leadEmail: string; call: { en: string; zh: string | null }; link: string; role: "edit" | "read" }): Promise<OutboxMessage> {
  const locale = isLocale(input.locale) ? input.locale : "en";
  const call = locale === "zh" && input.call.zh ? input.call.zh : input.call.en;
  const email = await renderEmail(locale, (t) => ({
    subject: t("Mail.team.subject", { call }),
    blocks: [
      { paragraph: t("Mail.team.invited", { lead: input.leadEmail, call }) },
      { paragraph: t(input.role === "edit" ? "Mail.team.mayEdit" : "Mail.team.mayRead") },
      { link: input.link },
      { paragraph: t("Mail.team.private") },
      { paragraph: t("Mail.team.ignore") },
    ],
  }));
  return { kind: "team-invitation", to: input.email, ...email };
}
