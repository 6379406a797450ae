import "server-only";
import type { ContentLocale as Locale } from "@/i18n/locales";
import { escapeHtml, type RenderedEmail } from "./templates";

// The decision notices: written when a decision is applied, held in OutboxEmail until staff release them.
// Every value that came from the applicant or staff is escaped in the HTML; the text says the same thing.

export interface DecisionFacts {
  locale: Locale;
  outcome: "ACCEPTED" | "DECLINED";
  reference: string;
  payloadName: string;
  leadInstitution: string;
  /** The committee's note to the applicant, if any. */
  note?: string | null;
}

const copy = {
  en: {
    subject: { ACCEPTED: (r: string) => `Your application is accepted: ${r}`, DECLINED: (r: string) => `Decision on your application: ${r}` },
    greeting: "Dear applicant,",
    body: {
      ACCEPTED: (f: DecisionFacts) =>
        `We are pleased to tell you that the selection committee has accepted your expression of interest in the Tianwen-3 payload offer: ${f.payloadName}, led by ${f.leadInstitution}. Its mass is now reserved on the carrier you chose.`,
      DECLINED: (f: DecisionFacts) =>
        `Thank you for your expression of interest in the Tianwen-3 payload offer: ${f.payloadName}, led by ${f.leadInstitution}. After careful review, the selection committee has not been able to accept it.`,
    },
    next: {
      ACCEPTED: "The agency will write to you about the cooperation agreement, the interfaces and the schedule.",
      DECLINED: "We hope to work with you on future cooperation opportunities.",
    },
    note: "Note from the selection committee:",
    facts: ["Reference", "Payload", "Lead institution", "Decision"] as const,
    outcome: { ACCEPTED: "Accepted", DECLINED: "Declined" },
    status: "Your application's status page, at the private link in your confirmation email, shows this decision too.",
    separator: ": ",
  },
  zh: {
    subject: { ACCEPTED: (r: string) => `您的申请已获接受：${r}`, DECLINED: (r: string) => `关于您申请的决定：${r}` },
    greeting: "尊敬的申请人：",
    body: {
      ACCEPTED: (f: DecisionFacts) =>
        `我们很高兴地通知您，评审委员会已接受您对天问三号载荷搭载机会的合作意向：${f.payloadName}（牵头单位：${f.leadInstitution}）。该载荷的质量已在您选择的搭载平台上预留。`,
      DECLINED: (f: DecisionFacts) =>
        `感谢您对天问三号载荷搭载机会的合作意向：${f.payloadName}（牵头单位：${f.leadInstitution}）。经认真评审，评审委员会未能接受该申请。`,
    },
    next: {
      ACCEPTED: "我方将就合作协议、接口和进度安排与您联系。",
      DECLINED: "期待今后在其他合作机会中与您合作。",
    },
    note: "评审委员会附言：",
    facts: ["申请编号", "载荷名称", "牵头单位", "决定"] as const,
    outcome: { ACCEPTED: "已接受", DECLINED: "未获接受" },
    status: "您也可以通过确认邮件中的专属链接，在申请状态页面查看该决定。",
    separator: "：",
  },
} as const;

/** The notice of an applied decision, in the applicant's language, as plain text and HTML. */
export function decisionEmail(facts: DecisionFacts): RenderedEmail {
  const t = copy[facts.locale];
  const subject = t.subject[facts.outcome](facts.reference);
  const rows: [string, string][] = [
    [t.facts[0], facts.reference],
    [t.facts[1], facts.payloadName],
    [t.facts[2], facts.leadInstitution],
    [t.facts[3], t.outcome[facts.outcome]],
  ];
  const note = facts.note?.trim() || null;
  const opening = t.body[facts.outcome](facts);
  const closing = t.next[facts.outcome];

  const text = [
    t.greeting,
    opening,
    rows.map(([label, value]) => `${label}${t.separator}${value}`).join("\n"),
    ...(note ? [`${t.note}\n${note}`] : []),
    closing,
    t.status,
  ].join("\n\n") + "\n";

  const factRows = rows
    .map(([label, value]) => `<tr><th align="left" style="padding:2px 16px 2px 0;font-weight:600">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`)
    .join("");
  const html = `<!doctype html>
<html lang="${facts.locale === "zh" ? "zh-Hans" : "en"}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;padding:24px;font-family:system-ui,-apple-system,'Segoe UI','Noto Sans','PingFang SC','Microsoft YaHei',sans-serif;line-height:1.6;color:#0f172a">
<p>${escapeHtml(t.greeting)}</p>
<p>${escapeHtml(opening)}</p>
<table role="presentation" cellpadding="0" cellspacing="0">${factRows}</table>
${note ? `<p><strong>${escapeHtml(t.note)}</strong><br>${escapeHtml(note).replace(/\r?\n/g, "<br>")}</p>\n` : ""}<p>${escapeHtml(closing)}</p>
<p>${escapeHtml(t.status)}</p>
</body>
</html>
`;
  return { subject, text, html };
}
