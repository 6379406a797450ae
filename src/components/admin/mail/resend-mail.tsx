"use client";

import { useLocale, useTranslations } from "next-intl";
import { createContext, type ReactNode, useActionState, useContext } from "react";
import { useFormStatus } from "react-dom";
import { staffInstant } from "@/lib/staff-dates";
import type { ResendState } from "@/lib/validation/admin/mail";
import { resendMailAction } from "@/server/actions/admin/mail";

// "Send again" beside each given-up message of the dashboard's unsent list. One action state serves the whole list:
// a message that goes out leaves the list, and what became of it must stay on screen.

const ResendAction = createContext<((formData: FormData) => void) | null>(null);

/** The unsent-mail list's area: what the last "Send again" did, above the list the server rendered. */
export function ResendMailArea({ children }: { children: ReactNode }) {
  const [state, action] = useActionState(resendMailAction, { ok: false } as ResendState);
  return (
    <ResendAction value={action}>
      <ResendOutcome state={state} />
      {children}
    </ResendAction>
  );
}

function ResendOutcome({ state }: { state: ResendState }) {
  const t = useTranslations("Admin.dashboard.resend");
  const locale = useLocale();
  if (state.refused) {
    return (
      <p role="alert" className="mt-2 border-s-4 border-accent bg-white p-3 font-semibold text-accent" data-testid="resend-outcome">
        {t(`refused.${state.refused}`)}
      </p>
    );
  }
  const result = state.result;
  if (!result) return null;
  const sent = result.status === "sent";
  return (
    <div role={sent ? "status" : "alert"} className={`mt-2 border-s-4 bg-white p-3 font-semibold ${sent ? "border-emerald-700" : "border-accent text-accent"}`} data-testid="resend-outcome">
      <p className="break-words">
        {t(`result.${result.status}`, { subject: result.subject, to: result.to, next: result.nextAttemptAt ? staffInstant(result.nextAttemptAt, locale) : "" })}
      </p>
      {result.error && <p className="break-all text-sm font-normal text-slate-700">{result.error}</p>}
    </div>
  );
}

/** One message's "Send again" form: its id in a hidden field, so that it posts without JavaScript as well. */
export function ResendMailButton({ id, subject, to }: { id: string; subject: string; to: string }) {
  const action = useContext(ResendAction);
  const locale = useLocale();
  if (!action) return null;
  return (
    <form action={action} className="mt-2">
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="locale" value={locale} />
      <ResendSubmit subject={subject} to={to} />
    </form>
  );
}

function ResendSubmit({ subject, to }: { subject: string; to: string }) {
  const t = useTranslations("Admin.dashboard.resend");
  const { pending } = useFormStatus();
  return (
    <button type="submit" disabled={pending} aria-disabled={pending} className="rounded border-2 border-navy bg-white px-3 py-1 text-sm font-semibold text-navy hover:bg-paper disabled:opacity-70">
      {pending ? t("sending") : t("button")}
      <span className="sr-only">
        : {subject}, {to}
      </span>
    </button>
  );
}
