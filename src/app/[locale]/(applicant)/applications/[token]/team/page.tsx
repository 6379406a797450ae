import { notFound } from "next/navigation";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { AnswerSummary } from "@/components/apply/answer-summary";
import { LeaveTeamForm, TeamHistory, TeamMembers } from "@/components/apply/team";
import { InviteMemberForm } from "@/components/apply/team-invite-form";
import { Section } from "@/components/ui/section";
import { Link } from "@/i18n/link";
import { getApplicantView } from "@/server/applications/service";
import { getTeamView } from "@/server/applications/team";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ locale: string; token: string }> };

/** Who is on the application's team and who changed what; the lead invites and removes, a member may leave. */
export default async function TeamPage({ params }: Props) {
  const { locale, token } = await params;
  setRequestLocale(locale);
  const view = await getApplicantView(token);
  const team = view ? await getTeamView(token, view.form?.pages ?? []) : null;
  if (!view || !team) notFound();
  const t = await getTranslations("Team");
  const isLead = team.viewer.role === "lead";
  const full = team.members.length + 1 >= team.maxMembers;
  return (
    <div className="max-w-3xl">
      <p>
        <Link href={`/applications/${token}`}>{t("back")}</Link>
      </p>
      <h1 className="mt-2 text-3xl font-bold">{t("title")}</h1>
      {view.title && <p className="mt-1 text-lg">{view.title}</p>}
      <p className="mt-3" data-testid="team-viewer">
        {t.rich("youAre", { email: team.viewer.email, address: (chunks) => <bdi dir="ltr">{chunks}</bdi> })} <strong>{t(`role.${team.viewer.role}`)}</strong>
      </p>
      {team.viewer.role === "read" && (
        <p role="note" className="mt-4 rounded-lg border-s-4 border-sky bg-white p-4" data-testid="read-only-note">
          {t("readOnlyNote")}
        </p>
      )}

      <Section headingId="team-heading" heading={t("membersHeading")}>
        <p className="mt-1 text-sm text-slate-700" data-testid="team-limit">
          {team.limitFromCall ? t("limitFromCall", { count: team.maxMembers }) : t("limitDefault", { count: team.maxMembers })}
        </p>
        <TeamMembers team={team} token={token} locale={locale} timeZone={view.call.timeZone} />
        {team.locked && (
          <p role="status" className="mt-4 font-semibold" data-testid="team-locked">
            {t("locked")}
          </p>
        )}
      </Section>

      {isLead && !team.locked && (
        <Section headingId="invite-heading" heading={t("inviteHeading")} intro={t("inviteText")} className="mt-10 rounded-lg border border-slate-200 bg-white p-5">
          {full ? <p data-testid="team-full" className="mt-3 font-semibold">{t("full")}</p> : <InviteMemberForm token={token} />}
        </Section>
      )}

      {team.viewer.role === "read" && view.form && (
        <Section headingId="answers-heading" heading={t("answersHeading")}>
          <div className="mt-4" data-testid="read-only-answers">
            <AnswerSummary view={view} token={token} locale={locale} />
          </div>
        </Section>
      )}

      <Section headingId="changes-heading" heading={t("historyHeading")}>
        <TeamHistory team={team} locale={locale} timeZone={view.call.timeZone} />
      </Section>

      {team.viewer.memberId && (
        <Section headingId="leave-heading" heading={t("leaveHeading")} intro={t("leaveText")} className="mt-10 rounded-lg border border-accent/40 bg-white p-5">
          <LeaveTeamForm token={token} locale={locale} />
        </Section>
      )}
    </div>
  );
}
