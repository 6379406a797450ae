"use server";

import { redirect } from "next/navigation";
import { isLocale } from "@/i18n/locales";
import { formDataToObject, fieldErrorsOf, submittedValues, type FormState } from "@/lib/form-state";
import { inviteMemberSchema, memberIdSchema, teamRoleSchema } from "@/lib/validation/team";
import { inviteMember, leaveTeam, removeMember, setMemberRole, type TeamFailure } from "../applications/team";
import { deliverNow } from "../jobs/runner";
import { minutesToWait } from "../platform/rate-limit";

// The team page's actions; the token travels in a hidden field, as for every applicant action.
const tokenOf = (formData: FormData) => String(formData.get("token") ?? "");
const readerLocale = (formData: FormData) => {
  const typedIn = String(formData.get("locale") ?? "");
  return isLocale(typedIn) ? typedIn : "en";
};
const teamPath = (locale: string, token: string) => `/${locale}/applications/${token}/team`;

const FAILURE_MESSAGES: Record<TeamFailure["code"], string> = {
  not_found: "notFound",
  not_lead: "teamLeadOnly",
  locked: "teamLocked",
  team_full: "teamFull",
  already_member: "teamAlreadyMember",
  not_member: "invalidRequest",
  rate_limited: "rateLimited",
};

export async function inviteMemberAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const locale = readerLocale(formData);
  const token = tokenOf(formData);
  const parsed = inviteMemberSchema.safeParse(formDataToObject(formData));
  if (!parsed.success) return { ok: false, message: "summaryTitle", fieldErrors: fieldErrorsOf(parsed.error), values: submittedValues(formData) };
  const invited = await inviteMember(token, parsed.data, locale);
  if (!invited.ok) return { ok: false, message: FAILURE_MESSAGES[invited.code], messageValues: invited.code === "rate_limited" ? { minutes: minutesToWait(invited.retryAfterSeconds ?? 3600) } : undefined, values: submittedValues(formData) };
  await deliverNow([invited.mailId]);
  redirect(teamPath(locale, token));
}

export async function removeMemberAction(formData: FormData): Promise<void> {
  const token = tokenOf(formData);
  const member = memberIdSchema.safeParse(formData.get("memberId"));
  if (member.success) await removeMember(token, member.data);
  redirect(teamPath(readerLocale(formData), token));
}

export async function setMemberRoleAction(formData: FormData): Promise<void> {
  const token = tokenOf(formData);
  const member = memberIdSchema.safeParse(formData.get("memberId"));
  const role = teamRoleSchema.safeParse(formData.get("role"));
  if (member.success && role.success) await setMemberRole(token, member.data, role.data);
  redirect(teamPath(readerLocale(formData), token));
}

export async function leaveTeamAction(formData: FormData): Promise<void> {
  const locale = readerLocale(formData);
  const token = tokenOf(formData);
  const left = await leaveTeam(token);
  // Once gone, the link opens nothing: the member lands on the home page.
  redirect(left.ok ? `/${locale}` : teamPath(locale, token));
}
