import type { ReactNode } from "react";
import { getTranslations } from "next-intl/server";
import { describeInstant, intlZoneName, isBeijingTime } from "@/components/calls/instant-format";
import { pickText } from "@/lib/localize";
import type { Bilingual } from "@/lib/calls/definition";
import { leaveTeamAction, removeMemberAction, setMemberRoleAction } from "@/server/actions/team";
import type { TeamChangeView, TeamView } from "@/server/applications/team";

const Hidden = ({ token, locale }: { token: string; locale: string }) => (
  <>
    <input type="hidden" name="locale" value={locale} />
    <input type="hidden" name="token" value={token} />
  </>
);

// Emails and names (often English) keep their own direction inside a sentence in any language, Arabic's too.
const address = (chunks: ReactNode) => <bdi dir="ltr">{chunks}</bdi>;
const name = (chunks: ReactNode) => <bdi>{chunks}</bdi>;

/** An instant in the call's zone, the zone named as the call's pages name it: "7 December 2026 at 20:30 (Beijing time)". */
async function callTime(locale: string, timeZone: string): Promise<(iso: string) => string> {
  const t = await getTranslations("Calls");
  const zone = isBeijingTime(timeZone) ? t("beijingTime") : intlZoneName(timeZone, locale);
  return (iso) => t.markup("zoned", { date: describeInstant(iso, null, "opens", timeZone, locale).text, zone, time: (chunks) => chunks });
}

/** The lead and the members, each with their role; the lead may change a role or remove a member until submission. */
export async function TeamMembers({ team, token, locale, timeZone }: { team: TeamView; token: string; locale: string; timeZone: string }) {
  const [t, when] = await Promise.all([getTranslations("Team"), callTime(locale, timeZone)]);
  const manage = team.viewer.role === "lead" && !team.locked;
  return (
    <ul className="mt-4 divide-y divide-slate-200 border-y border-slate-200" data-testid="team-members">
      <li className="py-3">
        <bdi className="break-all font-semibold">{team.leadEmail}</bdi> · {t("role.lead")}
      </li>
      {team.members.map((member) => (
        <li key={member.id} className="py-3" data-testid="team-member">
          <p>
            <bdi className="break-all font-semibold">{member.email}</bdi> · <span data-testid="member-role">{t(`role.${member.role}`)}</span>
          </p>
          <p className="text-sm text-slate-700">
            {member.joinedAt ? t("joinedOn", { date: when(member.joinedAt) }) : t("notJoined", { date: when(member.invitedAt) })}
          </p>
          {manage && (
            <div className="mt-2 flex flex-wrap items-end gap-3">
              <form action={setMemberRoleAction} className="flex flex-wrap items-end gap-2">
                <Hidden token={token} locale={locale} />
                <input type="hidden" name="memberId" value={member.id} />
                <label className="flex flex-col text-sm">
                  <span>{t.rich("roleFor", { email: member.email, address })}</span>
                  <select name="role" defaultValue={member.role} className="mt-1 rounded border-2 border-slate-600 px-2 py-1">
                    <option value="edit">{t("role.edit")}</option>
                    <option value="read">{t("role.read")}</option>
                  </select>
                </label>
                <button type="submit" className="rounded border-2 border-navy px-3 py-1 font-semibold text-navy">
                  {t("saveRole")}
                </button>
              </form>
              <form action={removeMemberAction}>
                <Hidden token={token} locale={locale} />
                <input type="hidden" name="memberId" value={member.id} />
                <button type="submit" className="rounded border-2 border-accent px-3 py-1 font-semibold text-accent">
                  {t("remove")}
                  <span className="sr-only"> {member.email}</span>
                </button>
              </form>
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}

/** Who changed what, newest first: the person, the page and the questions whose answers changed. */
export async function TeamHistory({ team, locale, timeZone }: { team: Pick<TeamView, "changes">; locale: string; timeZone: string }) {
  const [t, when] = await Promise.all([getTranslations("Team"), callTime(locale, timeZone)]);
  if (team.changes.length === 0) return <p className="mt-3">{t("noChanges")}</p>;
  return (
    <ol className="mt-3 space-y-3 border-s-4 border-sky ps-4" data-testid="team-history">
      {team.changes.map((change) => (
        <li key={change.id} data-testid="team-change">
          <p>
            <time dateTime={change.at} className="text-sm text-slate-700">
              {when(change.at)}
            </time>
          </p>
          <p>
            <bdi className="break-all font-semibold">{change.actorEmail}</bdi> {describe(change, t, locale)}
          </p>
          {change.action === "save" && (
            <p className="text-sm">{change.questions.length > 0 ? t.rich("changedQuestions", { questions: change.questions.map((q) => pickText(q, locale)).join(t("listSeparator")), name }) : t("noneChanged")}</p>
          )}
        </li>
      ))}
    </ol>
  );
}

type Translator = Awaited<ReturnType<typeof getTranslations<"Team">>>;

function describe(change: TeamChangeView, t: Translator, locale: string): ReactNode {
  const text = (value: string | Bilingual | null) => (value === null ? "" : typeof value === "string" ? value : pickText(value, locale));
  switch (change.action) {
    case "save":
      return change.page ? t.rich("action.save", { page: pickText(change.page, locale), name }) : t("action.saveUnknown");
    case "upload":
    case "removeFile":
      return change.subject ? t.rich(`action.${change.action}`, { question: text(change.subject), name }) : t(`action.${change.action}Unknown`);
    case "role": {
      const [email, role] = String(change.subject ?? "").split(":");
      return t.rich(role === "edit" ? "action.roleEdit" : "action.roleRead", { member: email ?? "", address });
    }
    case "invite":
    case "removeMember":
      return t.rich(`action.${change.action}`, { member: text(change.subject), address });
    default:
      return t(`action.${change.action}`);
  }
}

/** A member's own way off the team: their link stops working. */
export async function LeaveTeamForm({ token, locale }: { token: string; locale: string }) {
  const t = await getTranslations("Team");
  return (
    <form action={leaveTeamAction} className="mt-4">
      <Hidden token={token} locale={locale} />
      <button type="submit" className="rounded bg-accent px-5 py-3 font-semibold text-white">
        {t("leave")}
      </button>
    </form>
  );
}
