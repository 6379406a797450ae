import "server-only";
import { isLocale } from "@/i18n/locales";
import { sendMail, type SendMailResult } from "../mail/send";
import { renderEmail } from "../mail/render";

// The invitation a co-investigator receives: worded in the language the lead invited them from, with their own link.

export async function notifyInvited(input: { email: string; locale: string; leadEmail: string; call: { en: string; zh: string | null }; link: string; role: "edit" | "read" }): Promise<SendMailResult> {
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
  return sendMail({ to: input.email, ...email });
}
