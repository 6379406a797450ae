import "server-only";
import type { ContentLocale as Locale } from "@/i18n/locales";

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

// A message is a list of blocks, so that the text and HTML versions always say the same thing.
type Block = { paragraph: string } | { link: string } | { facts: [label: string, value: string][] };

interface SubmissionFacts {
  reference: string;
  payloadName: string;
  leadInstitution: string;
  submittedAt: string;
}

// The copy, one dictionary per locale; kept here rather than in the site's messages because mail is rendered outside any page.
const copy = {
  en: {
    resume: {
      subject: "Your saved Tianwen-3 application",
      saved: "Your draft application for the Tianwen-3 payload offer is saved.",
      continue: "Continue it at any time with this private link:",
      private: "Anyone who has this link can read and change your draft, so do not share it.",
      ignore: "If you did not start an application, you can ignore this email.",
    },
    submission: {
      subject: (reference: string) => `Application received: ${reference}`,
      thanks: "Thank you. We have received your expression of interest in the Tianwen-3 payload offer.",
      facts: (f: SubmissionFacts): [string, string][] => [
        ["Reference", f.reference],
        ["Payload", f.payloadName],
        ["Lead institution", f.leadInstitution],
        ["Submitted", f.submittedAt],
      ],
      status: "Follow its status at this private link, and do not share it:",
      keep: "Please quote the reference if you write to us about this application.",
    },
    withdrawal: {
      subject: (reference: string) => `Application withdrawn: ${reference}`,
      done: (reference: string) => `Your application ${reference} for the Tianwen-3 payload offer has been withdrawn. Nothing more is needed from you.`,
      status: "Its status page stays available at this private link:",
    },
    utc: (formatted: string) => `${formatted} UTC`,
  },
  zh: {
    resume: {
      subject: "您保存的天问三号载荷申请",
      saved: "您的天问三号载荷搭载申请草稿已保存。",
      continue: "您可随时通过以下专属链接继续填写：",
      private: "任何获得此链接的人都可以查看和修改您的草稿，请勿分享。",
      ignore: "如果您没有发起申请，请忽略本邮件。",
    },
    submission: {
      subject: (reference: string) => `已收到您的申请：${reference}`,
      thanks: "感谢您的申请。我们已收到您对天问三号载荷搭载机会的合作意向。",
      facts: (f: SubmissionFacts): [string, string][] => [
        ["申请编号", f.reference],
        ["载荷名称", f.payloadName],
        ["牵头单位", f.leadInstitution],
        ["提交时间", f.submittedAt],
      ],
      status: "您可通过以下专属链接查看申请状态，请勿分享：",
      keep: "如就本申请与我们联系，请注明申请编号。",
    },
    withdrawal: {
      subject: (reference: string) => `申请已撤回：${reference}`,
      done: (reference: string) => `您的天问三号载荷申请（编号 ${reference}）已撤回，您无需再做任何操作。`,
      status: "申请状态页面仍可通过以下专属链接访问：",
    },
    utc: (formatted: string) => `${formatted}（UTC）`,
  },
} as const;

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Makes any text safe inside HTML element content and quoted attributes. */
export const escapeHtml = (value: string): string => value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);

/** A moment as applicants read it in mail and receipts: long date, time, and the zone said outright. */
export function formatUtcDateTime(date: Date, locale: Locale): string {
  const formatted = new Intl.DateTimeFormat(locale === "zh" ? "zh-CN" : "en-GB", {
    dateStyle: "long",
    timeStyle: "short",
    timeZone: "UTC",
  }).format(date);
  return copy[locale].utc(formatted);
}

function renderText(locale: Locale, blocks: Block[]): string {
  const separator = locale === "zh" ? "：" : ": ";
  return blocks
    .map((block) => {
      if ("paragraph" in block) return block.paragraph;
      if ("link" in block) return block.link;
      return block.facts.map(([label, value]) => `${label}${separator}${value}`).join("\n");
    })
    .join("\n\n")
    .concat("\n");
}

function renderHtml(locale: Locale, subject: string, blocks: Block[]): string {
  const body = blocks
    .map((block) => {
      if ("paragraph" in block) return `<p>${escapeHtml(block.paragraph)}</p>`;
      if ("link" in block) {
        const url = escapeHtml(block.link);
        // Only web links become clickable; anything else is shown as text.
        return /^https?:\/\//i.test(block.link) ? `<p><a href="${url}">${url}</a></p>` : `<p>${url}</p>`;
      }
      const rows = block.facts
        .map(([label, value]) => `<tr><th align="left" style="padding:2px 16px 2px 0;font-weight:600">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`)
        .join("");
      return `<table role="presentation" cellpadding="0" cellspacing="0">${rows}</table>`;
    })
    .join("\n");
  return `<!doctype html>
<html lang="${locale === "zh" ? "zh-Hans" : "en"}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;padding:24px;font-family:system-ui,-apple-system,'Segoe UI','Noto Sans','PingFang SC','Microsoft YaHei',sans-serif;line-height:1.6;color:#0f172a">
${body}
</body>
</html>
`;
}

function renderEmail(locale: Locale, subject: string, blocks: Block[]): RenderedEmail {
  return { subject, text: renderText(locale, blocks), html: renderHtml(locale, subject, blocks) };
}

/** Sent when a draft is saved: the private link that reopens it. */
export function resumeLinkEmail({ locale, resumeUrl }: { locale: Locale; resumeUrl: string }): RenderedEmail {
  const t = copy[locale].resume;
  return renderEmail(locale, t.subject, [
    { paragraph: t.saved },
    { paragraph: t.continue },
    { link: resumeUrl },
    { paragraph: t.private },
    { paragraph: t.ignore },
  ]);
}

/** Sent once an application is submitted: its reference, main answers and private status link. */
export function submissionConfirmationEmail(input: {
  locale: Locale;
  reference: string;
  statusUrl: string;
  payloadName: string;
  leadInstitution: string;
  submittedAt: Date;
}): RenderedEmail {
  const { locale } = input;
  const t = copy[locale].submission;
  const facts = t.facts({
    reference: input.reference,
    payloadName: input.payloadName,
    leadInstitution: input.leadInstitution,
    submittedAt: formatUtcDateTime(input.submittedAt, locale),
  });
  return renderEmail(locale, t.subject(input.reference), [
    { paragraph: t.thanks },
    { facts },
    { paragraph: t.status },
    { link: input.statusUrl },
    { paragraph: t.keep },
  ]);
}

/** Sent when the applicant withdraws: confirms it and keeps the status link at hand. */
export function withdrawalConfirmationEmail({ locale, reference, statusUrl }: { locale: Locale; reference: string; statusUrl: string }): RenderedEmail {
  const t = copy[locale].withdrawal;
  return renderEmail(locale, t.subject(reference), [{ paragraph: t.done(reference) }, { paragraph: t.status }, { link: statusUrl }]);
}
