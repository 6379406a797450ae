import { getTranslations } from "next-intl/server";
import { TeamHistory } from "@/components/apply/team";
import { PanelSection } from "@/components/admin/record-table";
import { staffInstant } from "@/lib/staff-dates";
import type { TeamView } from "@/server/applications/team";

/** Who is on an application's team and who changed what, as staff read it: no forms, dates in UTC as on staff pages. */
export async function ApplicationTeam({ team, locale }: { team: Omit<TeamView, "viewer">; locale: string }) {
  const t = await getTranslations("Team");
  return (
    <PanelSection id="team" title={t("membersHeading")}>
      <ul className="divide-y divide-slate-200 border-y border-slate-200" data-testid="staff-team-members">
        <li className="py-2">
          <bdi className="break-all font-semibold">{team.leadEmail}</bdi> · {t("role.lead")}
        </li>
        {team.members.map((member) => (
          <li key={member.id} className="py-2">
            <bdi className="break-all font-semibold">{member.email}</bdi> · {t(`role.${member.role}`)}
            <span className="block text-sm text-slate-700">
              {member.joinedAt ? t("joinedOn", { date: staffInstant(member.joinedAt, locale) }) : t("notJoined", { date: staffInstant(member.invitedAt, locale) })}
            </span>
          </li>
        ))}
      </ul>
      <h3 className="mt-4 font-bold">{t("historyHeading")}</h3>
      <TeamHistory team={team} locale={locale} timeZone="UTC" />
    </PanelSection>
  );
}
